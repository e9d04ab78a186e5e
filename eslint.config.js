import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

// Packages depend one way: db ← server ← sdk. These keep anything from
// importing upward, by package name or by a relative path into a sibling.
const packageImport = (packages, message) => ({
  group: packages.flatMap((name) => [`@rapport/${name}`, `@rapport/${name}/*`]),
  message,
});
const relativeInto = (packages, message) => ({
  regex: `^(\\.\\./)+(${packages.join('|')})(/|$)`,
  message,
});

export default defineConfig(
  {
    ignores: ['**/dist/', '**/node_modules/', '**/coverage/', '.tsc/', '.rapport/', 'packages/db/migrations/'],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-non-null-assertion': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
    },
  },
  {
    files: ['packages/db/src/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            packageImport(['server', 'sdk'], 'The db package sits below server and sdk and must not import them.'),
            relativeInto(['server', 'sdk'], 'The db package sits below server and sdk and must not import them.'),
          ],
        },
      ],
    },
  },
  {
    files: ['packages/server/src/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            packageImport(['sdk'], 'The server must not depend on the SDK built on top of it.'),
            relativeInto(['sdk'], 'The server must not depend on the SDK built on top of it.'),
          ],
        },
      ],
    },
  },
  {
    files: ['packages/sdk/src/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              // The SDK ships to frontends: no server or database code may come with it.
              ...packageImport(['server', 'db'], 'The SDK may import only types from the server and db packages (`import type`).'),
              allowTypeImports: true,
            },
            relativeInto(['server', 'db'], 'Import a sibling package by its name (@rapport/...), not by a relative path.'),
          ],
        },
      ],
    },
  },
);
