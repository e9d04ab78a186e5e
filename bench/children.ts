import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { isChildMessage, type ChildMessage, type MemorySample, type ParentMessage } from './ipc';

/** A child process the benchmark measures: a Rapport server or the raw `ws` server. */
export interface Child {
  url: string;
  pid: number;
  memory(): Promise<MemorySample>;
  startProfile(): void;
  stopProfile(file: string): Promise<void>;
  heapSnapshot(file: string): Promise<void>;
  stop(): Promise<void>;
}

const script = (name: string) => fileURLToPath(new URL(name, import.meta.url));

export function startRapportServer(env: Record<string, string>): Promise<Child> {
  return startChild(script('./server-process.ts'), env);
}

export function startRawWsServer(): Promise<Child> {
  return startChild(script('./raw-ws-process.ts'), {});
}

async function startChild(path: string, env: Record<string, string>): Promise<Child> {
  const child = fork(path, [], {
    execArgv: ['--import', 'tsx', '--expose-gc'],
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<never>((_, reject) => {
    child.once('exit', (code, signal) => reject(new Error(`${path} exited (code ${code}, signal ${signal})`)));
  });
  exited.catch(() => undefined);
  const ready = await Promise.race([next(child, 'ready'), exited]);
  const pid = child.pid;
  if (pid === undefined) throw new Error(`${path} has no pid`);
  const ask = (message: ParentMessage) => child.send(message);
  return {
    url: ready.url,
    pid,
    async memory() {
      const reply = next(child, 'memory');
      ask({ type: 'memory' });
      return (await Promise.race([reply, exited])).sample;
    },
    startProfile: () => ask({ type: 'profile-start' }),
    async stopProfile(file) {
      const written = next(child, 'profile-written');
      ask({ type: 'profile-stop', file });
      await Promise.race([written, exited]);
    },
    async heapSnapshot(file) {
      const written = next(child, 'heap-written');
      ask({ type: 'heap-snapshot', file });
      await Promise.race([written, exited]);
    },
    async stop() {
      if (child.exitCode !== null) return;
      const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      ask({ type: 'stop' });
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await gone;
      clearTimeout(timer);
    },
  };
}

/** The next message of `type` from the child; a `failed` message rejects. */
function next<T extends ChildMessage['type']>(child: ChildProcess, type: T): Promise<Extract<ChildMessage, { type: T }>> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: unknown) => {
      if (!isChildMessage(message)) return;
      if (message.type === 'failed') {
        child.off('message', onMessage);
        reject(new Error(`child failed: ${message.message}`));
      } else if (message.type === type) {
        child.off('message', onMessage);
        resolve(message as Extract<ChildMessage, { type: T }>);
      }
    };
    child.on('message', onMessage);
  });
}
