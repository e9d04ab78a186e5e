import { defineConfig } from 'vite';

/**
 * Where the Rapport server is: `pnpm start` listens on port 3000 (PORT in
 * packages/server/src/config.ts). Read here, in Node, and never sent to the
 * browser.
 */
const target = process.env.RAPPORT_URL ?? 'http://127.0.0.1:3000';

/**
 * The Rapport server sends no CORS headers, so a page on another origin
 * cannot call it. Vite forwards the API instead, and the page calls its own
 * origin: /trpc for HTTP calls and, with `ws`, the WebSocket the event stream
 * uses; /health so a newcomer can check the server from the app's address.
 */
const proxy = {
  '/trpc': { target, ws: true },
  '/health': { target },
};

export default defineConfig({
  // 127.0.0.1 rather than localhost, which may resolve to ::1 only. Both are
  // secure contexts, which the SDK's client keys (crypto.randomUUID) need.
  server: { host: '127.0.0.1', port: 5173, proxy },
  preview: { host: '127.0.0.1', port: 4173, proxy },
});
