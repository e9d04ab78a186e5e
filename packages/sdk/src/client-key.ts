/**
 * A fresh idempotency key for one message: a UUID, which fits the server's
 * rule (8–64 of [A-Za-z0-9_-]). Keep it with the message until the server has
 * acknowledged it: sending again with the same key never makes a second one.
 */
export function newClientKey(): string {
  const { crypto } = globalThis;
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  // Some React Native and older webview runtimes have getRandomValues only.
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}
