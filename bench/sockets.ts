import WebSocket from 'ws';

/** An open socket the benchmark listens on; `close` ends it. */
export interface OpenSocket {
  close(): void;
}

type OnFrame = (frame: unknown, receivedAt: number) => void;

/** What went wrong on sockets after they opened (errors, unexpected closes), for the report. */
export const streamProblems: string[] = [];

/**
 * Subscribes to Rapport's `events.stream` with a bare `ws` socket speaking
 * tRPC's WebSocket protocol (what the SDK's wsLink sends), so that the
 * client side costs the same as the raw baseline's: one JSON.parse a frame.
 * Resolves once the server says the subscription has started.
 */
export function subscribeToEvents(url: string, accessToken: string, onEvent: OnFrame): Promise<OpenSocket> {
  const socket = new WebSocket(`${url.replace(/^http/, 'ws')}/trpc?connectionParams=1`);
  let started = false;
  let closing = false;
  return new Promise((resolve, reject) => {
    socket.on('error', (error) => {
      if (!started) reject(error);
      else streamProblems.push(`stream socket error: ${error.message}`);
    });
    socket.once('close', (code, reason) => {
      if (!started) reject(new Error(`socket closed before the stream started (${code} ${reason.toString()})`));
      else if (!closing) streamProblems.push(`stream socket closed by the server: ${code} ${reason.toString()}`);
    });
    socket.once('open', () => {
      socket.send(JSON.stringify({ method: 'connectionParams', data: { token: accessToken } }));
      socket.send(JSON.stringify({ id: 1, method: 'subscription', params: { path: 'events.stream', input: {} } }));
    });
    socket.on('message', (data) => {
      const receivedAt = performance.now();
      const text = data.toString();
      if (text === 'PING') {
        socket.send('PONG');
        return;
      }
      const frame: unknown = JSON.parse(text);
      const result = field(frame, 'result');
      const type = field(result, 'type');
      if (type === 'started') {
        started = true;
        resolve({
          close: () => {
            closing = true;
            socket.close();
          },
        });
      } else if (type === 'data') onEvent(field(field(result, 'data'), 'data'), receivedAt);
      else if (field(frame, 'error') !== undefined) {
        if (started) streamProblems.push(`stream error: ${text}`);
        else reject(new Error(`stream error: ${text}`));
      }
    });
  });
}

/** Opens a bare `ws` socket on the raw baseline server; every broadcast frame is parsed as JSON. */
export function openRawSocket(url: string, path: string, onFrame: OnFrame): Promise<OpenSocket & { send(text: string): void }> {
  const socket = new WebSocket(`${url.replace(/^http/, 'ws')}${path}`);
  socket.on('message', (data) => {
    const receivedAt = performance.now();
    onFrame(JSON.parse(data.toString()), receivedAt);
  });
  let opened = false;
  return new Promise((resolve, reject) => {
    socket.on('error', (error) => {
      if (!opened) reject(error);
      else streamProblems.push(`raw socket error: ${error.message}`);
    });
    socket.once('open', () => {
      opened = true;
      resolve({ close: () => socket.close(), send: (text) => socket.send(text) });
    });
  });
}

/** Opens sockets `batch` at a time, so a thousand do not all handshake at once. */
export async function openMany<T>(count: number, open: (index: number) => Promise<T>, batch = 50): Promise<T[]> {
  const opened: T[] = [];
  for (let start = 0; start < count; start += batch) {
    const size = Math.min(batch, count - start);
    opened.push(...(await Promise.all(Array.from({ length: size }, (_, i) => open(start + i)))));
  }
  return opened;
}

export function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? Reflect.get(value, key) : undefined;
}
