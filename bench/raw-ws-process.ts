import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { answerParent } from './child-side';

// The baseline for fan-out and connection memory: a bare `ws` server. A
// socket opened on /publish is the publisher; every frame it sends is
// broadcast as text to every other open socket.
const server = createServer();
const wss = new WebSocketServer({ server });
wss.on('connection', (socket: WebSocket, req) => {
  if (req.url !== '/publish') return;
  socket.on('message', (data) => {
    const text = data.toString();
    for (const client of wss.clients) {
      if (client !== socket && client.readyState === client.OPEN) client.send(text);
    }
  });
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const { port } = server.address() as AddressInfo;
answerParent(`http://127.0.0.1:${port}`, async () => {
  for (const client of wss.clients) client.terminate();
  await new Promise<void>((resolve) => wss.close(() => resolve()));
  await new Promise<void>((resolve) => server.close(() => resolve()));
});
