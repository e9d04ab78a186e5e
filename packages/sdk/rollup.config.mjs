// Bundles the SDK's declarations into one dist/index.d.ts. The JavaScript is
// built by esbuild (see the `build` script); this file only does types.
//
// @rapport/server is a workspace package exported as TypeScript source and is
// never published, so its types are inlined: rollup-plugin-dts emits
// declarations for the server files the SDK's types reach (the router, whose
// procedure inputs and outputs TypeScript prints as plain object types, and
// the error shape) and tree-shakes the rest. The one server module those
// declarations name that clients must not see, the request context
// (packages/server/src/context.ts: the database handle, token keys, request
// details), is replaced by build/server-context.d.ts, so the published types
// need neither drizzle-orm nor a database driver. The SDK's AppRouter
// (src/router.ts) already replaces the root context with `object`; the stub only
// keeps the server's own router declaration, which AppRouter is derived from,
// from dragging the real one in. @trpc/* stay external: they are real
// dependencies of the SDK. test/pack.test.ts checks the result from outside
// the workspace.
import { realpathSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dts } from 'rollup-plugin-dts';

const here = dirname(fileURLToPath(import.meta.url));
const linkedServerSrc = join(here, 'node_modules', '@rapport', 'server', 'src');
const serverSrcDirs = [linkedServerSrc, realpathSync(linkedServerSrc)];
const contextStub = join(here, 'build', 'server-context.d.ts');

/** Resolves the server's `./context` module to the client-safe stub. */
function stubServerContext() {
  return {
    name: 'rapport-stub-server-context',
    resolveId(source, importer) {
      if (!importer || !source.startsWith('.')) return null;
      const target = resolve(dirname(importer), source).replace(/(\.d)?\.[cm]?[jt]s$/, '');
      return serverSrcDirs.some((dir) => target === join(dir, 'context')) ? contextStub : null;
    },
  };
}

/** Fails the build if the bundle imports anything but the SDK's real dependencies. */
function onlyPublishedImports() {
  return {
    name: 'rapport-only-published-imports',
    generateBundle(_options, bundle) {
      for (const chunk of Object.values(bundle)) {
        if (chunk.type !== 'chunk') continue;
        const stray = [...chunk.imports, ...chunk.dynamicImports].filter((id) => !/^@trpc\/(client|server)(\/|$)/.test(id));
        if (stray.length > 0) this.error(`${chunk.fileName} imports ${stray.join(', ')}; only @trpc/client and @trpc/server may stay external`);
      }
    },
  };
}

export default {
  input: 'src/index.ts',
  output: { file: 'dist/index.d.ts', format: 'es' },
  external: [/^@trpc\//],
  plugins: [
    stubServerContext(),
    dts({
      tsconfig: 'tsconfig.build.json',
      // The plugin preserves symlinks by default; pnpm's workspace links would
      // then make @trpc/server reached through the server look like another copy.
      compilerOptions: { preserveSymlinks: false },
      includeExternal: ['@rapport/server'],
    }),
    onlyPublishedImports(),
  ],
};
