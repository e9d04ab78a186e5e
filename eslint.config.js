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

const serverPackageRule = [
  packageImport(['sdk'], 'The server must not depend on the SDK built on top of it.'),
  relativeInto(['sdk'], 'The server must not depend on the SDK built on top of it.'),
];

// A relative import that reaches a server layer's folder or top-level file,
// from anywhere below src/ (../../services/x, ../trpc, ./deps from src/).
const layerImport = (names, message) => ({
  regex: `^(\\.\\./)*(\\./)?(\\.\\./)*(${names.join('|')})(/|$)`,
  message,
});

function serverLayers(layers) {
  return layers.map(({ files, forbidden, trpcFree }) => ({
    files,
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            ...serverPackageRule,
            ...(forbidden.length === 0 ? [] : [layerImport(forbidden[0], forbidden[1])]),
            ...(trpcFree ? [{ group: ['@trpc/*', 'ws'], message: trpcFree }] : []),
          ],
        },
      ],
    },
  }));
}

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
  // Inside the server, layers point down only (docs/ARCHITECTURE.md, "Layers"):
  //   http → routers → services → domain → @rapport/db, and realtime → domain.
  // schemas/, errors.ts, limits.ts, config.ts and logger.ts are leaves any layer may use.
  // Each block lists what its layer must not import; the last block matching a
  // file wins, so every block repeats the package rule.
  ...serverLayers([
    { files: ['packages/server/src/**/*.ts'], forbidden: [] },
    {
      files: ['packages/server/src/routers/**/*.ts'],
      forbidden: [['http'], 'Routers sit below the transports in http/, which serve them.'],
    },
    {
      files: ['packages/server/src/services/**/*.ts'],
      forbidden: [
        ['routers', 'realtime', 'http', 'trpc', 'context', 'error-shape', 'deps'],
        'Services sit below routers, realtime and transports: take the parts you need as arguments (a Publisher for events), and throw AppError, not a tRPC error.',
      ],
      trpcFree: 'Services are transport-free: throw AppError (errors.ts); the tRPC layer converts it.',
    },
    {
      files: ['packages/server/src/realtime/**/*.ts'],
      forbidden: [
        ['services', 'routers', 'http', 'trpc', 'context', 'error-shape', 'deps'],
        'Realtime reads the log through domain/ and must not reach up into services, routers or transports.',
      ],
      trpcFree: 'Realtime is transport-free; the events router adapts it to tRPC.',
    },
    {
      files: ['packages/server/src/domain/**/*.ts'],
      forbidden: [
        ['services', 'routers', 'realtime', 'http', 'trpc', 'context', 'error-shape', 'deps'],
        'domain/ is the lowest server layer (queries, events, locks, views over @rapport/db); it must not import the layers above it.',
      ],
      trpcFree: 'domain/ is transport-free.',
    },
    {
      files: ['packages/server/src/schemas/**/*.ts', 'packages/server/src/{errors,limits,config,logger}.ts'],
      forbidden: [
        ['domain', 'services', 'routers', 'realtime', 'http', 'trpc', 'context', 'error-shape', 'deps'],
        'schemas/, errors, limits, config and logger are leaves every layer imports; they must not import any layer.',
      ],
      trpcFree: 'Leaves are transport-free.',
    },
  ]),
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
