import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseIndependentElsewhere } from './ci-share';

/**
 * Packs the SDK the way it would be published and uses it from a throwaway
 * project outside the workspace, where neither the server's source nor the
 * database packages exist: the types must come from dist/index.d.ts alone and
 * still catch a wrong input or a wrong output access.
 */

const SDK_DIR = fileURLToPath(new URL('..', import.meta.url));
const WORKSPACE_DIR = join(SDK_DIR, '..', '..');
const SETUP_TIMEOUT_MS = 180_000;

interface Run {
  status: number | null;
  output: string;
}

function run(command: string, args: string[], cwd: string): Run {
  const result = spawnSync(command, args, {
    cwd,
    encoding: 'utf8',
    shell: process.platform === 'win32',
    timeout: SETUP_TIMEOUT_MS,
  });
  if (result.error) throw result.error;
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

function mustRun(command: string, args: string[], cwd: string): string {
  const result = run(command, args, cwd);
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${String(result.status)}):\n${result.output}`);
  return result.output;
}

interface Diagnostic {
  file: string;
  line: number;
  code: string;
  message: string;
}

/** Parses `tsc --pretty false` output: `file(line,col): error TSxxxx: message`. */
function parseDiagnostics(output: string): Diagnostic[] {
  const found: Diagnostic[] = [];
  for (const match of output.matchAll(/^(.+?)\((\d+),\d+\): error (TS\d+): (.*)$/gm)) {
    const [, file = '', line = '0', code = '', message = ''] = match;
    found.push({ file: file.replaceAll('\\', '/'), line: Number(line), code, message });
  }
  return found;
}

/** The 1-based line of the only line of `source` containing `marker`. */
function lineOf(source: string, marker: string): number {
  const lines = source.split('\n');
  const index = lines.findIndex((l) => l.includes(marker));
  if (index === -1 || lines.findIndex((l, i) => i > index && l.includes(marker)) !== -1) {
    throw new Error(`expected exactly one line marked ${marker}`);
  }
  return index + 1;
}

// Compiles: every call, input and output as a client writes them, plus checks
// that the types are exact (not `any`, not widened).
const GOOD = `import {
  createRapportClient,
  errorReason,
  isRapportError,
  memoryStorage,
  type RapportClient,
  type RapportError,
  type RouterInputs,
  type RouterOutputs,
} from '@rapport/sdk';

type IsAny<T> = 0 extends 1 & T ? true : false;
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

type Profile = RouterOutputs['users']['get'];
type CreateInput = RouterInputs['connections']['create'];

export const profileIsNotAny: IsAny<Profile> = false;
export const inputIsNotAny: IsAny<CreateInput> = false;
export const errorDataIsNotAny: IsAny<NonNullable<RapportError['data']>> = false;
export const typeIsExact: Equal<CreateInput['type'], 'follow' | 'friend' | 'block'> = true;
export const profileIdIsString: Equal<Profile['id'], string> = true;
export const searchIsPaged: Equal<RouterOutputs['users']['search']['nextCursor'], string | null> = true;

const rapport: RapportClient = createRapportClient({
  url: 'http://localhost:3000',
  storage: memoryStorage(),
  onSessionEnded: () => console.log('signed out'),
});

export async function example(): Promise<string | null> {
  const tokens = await rapport.api.auth.signUp.mutate({ email: 'ada@example.com', password: 'a long passphrase', name: 'Ada' });
  const accessToken: string = tokens.accessToken;
  const found = await rapport.api.users.search.query({ query: 'grace', limit: 10 });
  const first: Profile | undefined = found.items[0];
  if (first) {
    const input: CreateInput = { targetUserId: first.id, type: 'friend', message: 'Hi!' };
    try {
      const connection = await rapport.api.connections.create.mutate(input);
      console.log(connection.status, accessToken);
    } catch (error) {
      if (isRapportError(error)) {
        const fieldErrors: Record<string, string[]> | null | undefined = error.data?.fieldErrors;
        const retry: number | null | undefined = error.data?.retryAfterSeconds;
        console.log(error.message, fieldErrors, retry, error.data?.code);
      }
      return errorReason(error);
    }
  }
  await rapport.close();
  return first?.name ?? null;
}
`;

// Each marked line must be an error, and nothing else may be.
const WRONG = `import { createRapportClient, type RouterOutputs } from '@rapport/sdk';

const rapport = createRapportClient({ url: 'http://localhost:3000' });

export async function wrong(profile: RouterOutputs['users']['get']): Promise<unknown> {
  await rapport.api.connections.create.mutate({ targetUserId: profile.id, type: 'poke' }); // WRONG-TYPE
  await rapport.api.connections.create.mutate({ targetUserId: 42, type: 'follow' }); // WRONG-ID
  const found = await rapport.api.users.search.query({ query: 'grace' });
  return found.nonexistentField; // WRONG-OUTPUT
}
`;

// Node 20 has no global WebSocket: the README passes the `ws` package.
const NODE_WS = `import { createRapportClient } from '@rapport/sdk';
import WebSocket from 'ws';

const rapport = createRapportClient({ url: 'http://localhost:3000', WebSocket, webSocketFor: 'all' });
export const me = () => rapport.api.auth.me.query();
`;

/**
 * Packing rebuilds dist/ in the checkout: two test runs at once (CI runs the
 * suite on PGlite and on PostgreSQL side by side) would delete each other's
 * build mid-pack. A directory is the lock (mkdir either creates it or fails);
 * one left by a killed run is taken over after a few minutes.
 */
function holdingPackLock(work: () => void): void {
  const lock = join(SDK_DIR, '.pack-lock');
  const deadline = Date.now() + 300_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch (error) {
      if (!(error instanceof Error && 'code' in error && error.code === 'EEXIST')) throw error;
      if (Date.now() > deadline) rmSync(lock, { recursive: true, force: true });
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
    }
  }
  try {
    work();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

describe.skipIf(databaseIndependentElsewhere)('the packed SDK, used from outside the workspace', () => {
  let work = '';
  let app = '';
  let diagnostics: Diagnostic[] = [];
  let tscOutput = '';
  let wsTscOutput: Run = { status: null, output: '' };

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'rapport-sdk-pack-'));
    const fromWorkspace = relative(realpathSync(WORKSPACE_DIR), realpathSync(work));
    if (!fromWorkspace.startsWith('..') && !isAbsolute(fromWorkspace)) throw new Error(`${work} is inside the workspace`);

    // dist/ is removed first so the tarball can only contain what packing
    // builds: `prepack` runs `build` (esbuild for the JS, rollup-plugin-dts for
    // the declarations).
    holdingPackLock(() => {
      rmSync(join(SDK_DIR, 'dist'), { recursive: true, force: true });
      mustRun('pnpm', ['pack', '--pack-destination', work], SDK_DIR);
    });
    const tarball = readdirSync(work).find((f) => f.endsWith('.tgz'));
    if (tarball === undefined) throw new Error(`pnpm pack left no tarball in ${work}`);

    app = join(work, 'app');
    mkdirSync(app);
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'rapport-sdk-consumer', private: true, type: 'module' }));
    mustRun(
      'npm',
      ['install', '--no-audit', '--no-fund', '--prefer-offline', join(work, tarball), 'typescript@5.9.3', 'ws@8.23.0', '@types/ws@8.18.2'],
      app,
    );

    const compilerOptions = {
      target: 'ES2022',
      module: 'NodeNext',
      moduleResolution: 'NodeNext',
      // ESNext.Disposable: @trpc/server's own declarations name Disposable.
      lib: ['ES2023', 'ESNext.Disposable', 'DOM'],
      // No @types/node: a browser app has none, and the SDK's types must not need it.
      types: [],
      strict: true,
      noEmit: true,
      // Check the declaration files too: an unresolved import in the bundle
      // would otherwise silently turn types into `any`.
      skipLibCheck: false,
    };
    writeFileSync(join(app, 'tsconfig.json'), JSON.stringify({ compilerOptions, files: ['good.ts', 'wrong.ts'] }));
    writeFileSync(join(app, 'tsconfig.ws.json'), JSON.stringify({ compilerOptions: { ...compilerOptions, types: ['node'] }, files: ['node-ws.ts'] }));
    writeFileSync(join(app, 'good.ts'), GOOD);
    writeFileSync(join(app, 'wrong.ts'), WRONG);
    writeFileSync(join(app, 'node-ws.ts'), NODE_WS);
    const tsc = join(app, 'node_modules', 'typescript', 'bin', 'tsc');
    tscOutput = run(process.execPath, [tsc, '-p', 'tsconfig.json', '--pretty', 'false'], app).output;
    diagnostics = parseDiagnostics(tscOutput);
    wsTscOutput = run(process.execPath, [tsc, '-p', 'tsconfig.ws.json', '--pretty', 'false'], app);
  }, SETUP_TIMEOUT_MS);

  afterAll(() => {
    if (work !== '') rmSync(work, { recursive: true, force: true });
  });

  const installed = () => join(app, 'node_modules', '@rapport', 'sdk');

  it('packs only dist, with exports pointing at it and no workspace package among its dependencies', () => {
    const manifest: unknown = JSON.parse(readFileSync(join(installed(), 'package.json'), 'utf8'));
    expect(manifest).toMatchObject({
      name: '@rapport/sdk',
      type: 'module',
      types: './dist/index.d.ts',
      exports: { '.': { types: './dist/index.d.ts', import: './dist/index.js' } },
      dependencies: { '@trpc/client': expect.any(String), '@trpc/server': expect.any(String) },
    });
    const runtimeDeps = ['dependencies', 'peerDependencies', 'optionalDependencies'].flatMap((field) => {
      const value: unknown = typeof manifest === 'object' && manifest !== null ? Reflect.get(manifest, field) : undefined;
      return typeof value === 'object' && value !== null ? Object.keys(value) : [];
    });
    expect(runtimeDeps.filter((name) => name.startsWith('@rapport/') || ['drizzle-orm', 'postgres', '@electric-sql/pglite', 'zod'].includes(name))).toEqual([]);
    // npm always adds package.json and any README or LICENSE; nothing else but dist.
    expect(readdirSync(installed()).filter((f) => !/^(package\.json|readme|license)/i.test(f))).toEqual(['dist']);
    expect(readdirSync(join(installed(), 'dist')).sort()).toEqual(['index.d.ts', 'index.js']);
  });

  it('bundles declarations that import only @trpc/client and @trpc/server', () => {
    const dts = readFileSync(join(installed(), 'dist', 'index.d.ts'), 'utf8');
    const specifiers = new Set<string>();
    for (const m of dts.matchAll(/^\/\/\/\s*<reference\s+(?:types|path)=['"]([^'"]+)['"]/gm)) specifiers.add(m[1] ?? '');
    // Comments may quote code (`import WebSocket from 'ws'`); only code imports count.
    const code = dts.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
    for (const m of code.matchAll(/\bfrom\s+['"]([^'"]+)['"]|\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s+['"]([^'"]+)['"]/gm)) {
      specifiers.add(m[1] ?? m[2] ?? m[3] ?? '');
    }
    // Subpaths of @trpc/server (its tracked-event types live in one) are the
    // same dependency: compare package names.
    const packages = new Set([...specifiers].map((specifier) => specifier.split('/').slice(0, 2).join('/')));
    expect([...packages].sort()).toEqual(['@trpc/client', '@trpc/server']);
    expect(dts).not.toMatch(/drizzle-orm|@electric-sql\/pglite|\bpglite\b|\bpostgres\b|@rapport\//);
    // The procedures are really there, as plain types.
    expect(dts).toMatch(/targetUserId: string;/);
    expect(dts).toContain('interface RapportErrorData');
  });

  it('typechecks a client that uses createRapportClient, RouterInputs and RouterOutputs', () => {
    expect(diagnostics.filter((d) => d.file !== 'wrong.ts'), tscOutput).toEqual([]);
  });

  it('accepts the ws package as the WebSocket, as the README does on Node 20', () => {
    expect(wsTscOutput).toEqual({ status: 0, output: '' });
  });

  it('rejects a wrong input and a wrong output access, each at its own line', () => {
    const at = (marker: string) => diagnostics.filter((d) => d.file === 'wrong.ts' && d.line === lineOf(WRONG, marker));
    expect(at('WRONG-TYPE'), tscOutput).toEqual([expect.objectContaining({ code: 'TS2322', message: expect.stringContaining('poke') })]);
    expect(at('WRONG-ID'), tscOutput).toEqual([expect.objectContaining({ code: 'TS2322', message: expect.stringContaining('number') })]);
    expect(at('WRONG-OUTPUT'), tscOutput).toEqual([expect.objectContaining({ code: 'TS2339', message: expect.stringContaining('nonexistentField') })]);
    expect(diagnostics.filter((d) => d.file === 'wrong.ts'), tscOutput).toHaveLength(3);
  });

  it('loads the built JavaScript in Node without the workspace', () => {
    const script = [
      "import { createRapportClient, errorReason, isRapportError, memoryStorage } from '@rapport/sdk';",
      "const client = createRapportClient({ url: 'http://127.0.0.1:9', storage: memoryStorage() });",
      'const session = await client.session();',
      'await client.close();',
      "console.log(JSON.stringify([typeof client.api.users.get.query, session, isRapportError(new Error('x')), errorReason(null)]));",
    ].join('\n');
    const output = mustRun(process.execPath, ['--input-type=module', '-e', script], app);
    const printed: unknown = JSON.parse(output.trim().split('\n').at(-1) ?? '');
    expect(printed).toEqual(['function', null, false, null]);
  });

  it('installs no server, database or driver package alongside it', () => {
    expect(existsSync(join(app, 'node_modules', '@rapport', 'server'))).toBe(false);
    for (const name of ['drizzle-orm', 'postgres', 'zod', join('@electric-sql', 'pglite')]) {
      expect(existsSync(join(app, 'node_modules', name)), name).toBe(false);
    }
  });
});
