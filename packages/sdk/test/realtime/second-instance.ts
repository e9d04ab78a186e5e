import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

// The server's entry point, run the way `pnpm start` runs it.
const repoRoot = fileURLToPath(new URL('../../../..', import.meta.url));
const CONFIG_VARIABLES = ['PORT', 'HOST', 'DATABASE_URL', 'DATABASE_POOL_SIZE', 'DATA_DIR', 'AUTH_SECRET', 'LOG_LEVEL'];

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** Starts another server process on the given environment; resolves once it listens. */
export function startServerProcess(env: Record<string, string>): Promise<ServerProcess> {
  const base = Object.fromEntries(Object.entries(process.env).filter(([key]) => !CONFIG_VARIABLES.includes(key)));
  const child = spawn(process.execPath, ['--import', 'tsx', 'packages/server/src/main.ts'], {
    cwd: repoRoot,
    env: { ...base, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  let out = '';
  let err = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  return new Promise((resolve, reject) => {
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      const match = /"msg":"server listening","url":"([^"]+)"/.exec(out);
      if (match?.[1]) resolve({ url: match[1], child, stop });
    });
    void exited.then(() => reject(new Error(`server process exited before listening:\n${out}\n${err}`)));
  });
}
