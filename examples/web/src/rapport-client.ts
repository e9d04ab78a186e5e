import { createRapportClient, type RapportClient } from '@rapport/sdk';
import { localOutboxStorage } from './storage/outbox-store';
import { localSessionStorage } from './storage/session-store';

/**
 * The one client of this page. It talks to the page's own origin: the Rapport
 * server sends no CORS headers, so Vite's server (dev and preview) forwards
 * /trpc, WebSocket included, to it (vite.config.ts). The browser's own
 * WebSocket and fetch are used; nothing to pass for them.
 */
export function createBrowserClient(onSessionEnded: () => void): RapportClient {
  return createRapportClient({
    url: window.location.origin,
    storage: localSessionStorage(),
    outboxStorage: localOutboxStorage(),
    onSessionEnded,
  });
}
