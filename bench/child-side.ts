import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { writeHeapSnapshot } from 'node:v8';
import { isParentMessage, type ChildMessage, type MemorySample } from './ipc';

// Runs inside a child process: answers the benchmark over the IPC channel
// that `fork` opens, so the server under test needs no extra endpoint.

function send(message: ChildMessage): void {
  process.send?.(message);
}

async function collectedMemory(): Promise<MemorySample> {
  // Started with --expose-gc: collect twice so what is left is what is live.
  for (let i = 0; i < 2; i++) {
    globalThis.gc?.();
    await new Promise((resolve) => setImmediate(resolve));
  }
  const usage = process.memoryUsage();
  return { rss: usage.rss, heapUsed: usage.heapUsed, external: usage.external };
}

export function answerParent(url: string, stop: () => Promise<void>): void {
  let profiler: Session | null = null;
  process.on('message', (message: unknown) => {
    if (!isParentMessage(message)) return;
    const handle = async () => {
      switch (message.type) {
        case 'memory':
          send({ type: 'memory', sample: await collectedMemory() });
          return;
        case 'profile-start':
          profiler = new Session();
          profiler.connect();
          await profiler.post('Profiler.enable');
          await profiler.post('Profiler.setSamplingInterval', { interval: 200 });
          await profiler.post('Profiler.start');
          return;
        case 'profile-stop': {
          if (profiler === null) throw new Error('no profile was started');
          const { profile } = await profiler.post('Profiler.stop');
          profiler.disconnect();
          profiler = null;
          await writeFile(message.file, JSON.stringify(profile));
          send({ type: 'profile-written', file: message.file });
          return;
        }
        case 'heap-snapshot':
          writeHeapSnapshot(message.file);
          send({ type: 'heap-written', file: message.file });
          return;
        case 'stop':
          await stop();
          process.exit(0);
      }
    };
    handle().catch((error: unknown) => send({ type: 'failed', message: error instanceof Error ? error.stack ?? error.message : String(error) }));
  });
  send({ type: 'ready', url });
}
