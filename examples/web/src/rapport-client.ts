import { createRapportClient, type RapportClient } from '@rapport/sdk';
import { localOutboxStorage } from './storage/outbox-store';
import { localSessionStorage } from './storage/session-store';

/**
 * Where the API is. By default the page's own origin: Vite's server (dev and
 * preview) forwards /trpc, WebSocket included, to the Rapport server
 * (vite.config.ts), so the server needs no CORS setting and the page no URL.
 * With VITE_RAPPORT_URL the page calls that server itself, which must then
 * list this origin in its CORS_ORIGINS.
 */
function apiUrl(): string {
  const configured = import.meta.env.VITE_RAPPORT_URL;
  return configured === undefined || configured === '' ? window.location.origin : configured;
}

/** The one client of this page. The browser's own WebSocket and fetch are used; nothing to pass for them. */
export function createBrowserClient(onSessionEnded: () => void): RapportClient {
  return createRapportClient({
    url: apiUrl(),
    storage: localSessionStorage(),
    outboxStorage: localOutboxStorage(),
    onSessionEnded,
  });
}
