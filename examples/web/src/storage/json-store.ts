/**
 * localStorage as JSON, never throwing: a value that will not parse (edited
 * by hand, or written by an older version of this app) reads as null, and a
 * write that does not fit (quota, private mode) is dropped. The app treats
 * everything stored as a cache of what the server holds, so losing an entry
 * costs a reload of it, never correctness.
 */
export function readJson(key: string): unknown {
  const text = localStorage.getItem(key);
  if (text === null) return null;
  try {
    const value: unknown = JSON.parse(text);
    return value;
  } catch {
    return null;
  }
}

export function writeJson(key: string, value: unknown): void {
  try {
    localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // Full or unavailable storage: the next successful write replaces it.
  }
}

export function removeKey(key: string): void {
  localStorage.removeItem(key);
}

/** Removes every key that starts with `prefix`: a signed-out user's caches. */
export function removeKeysStartingWith(prefix: string): void {
  const doomed: string[] = [];
  for (let i = 0; i < localStorage.length; i++) {
    const key = localStorage.key(i);
    if (key !== null && key.startsWith(prefix)) doomed.push(key);
  }
  for (const key of doomed) localStorage.removeItem(key);
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The keys of one user's data, so two people sharing a browser never see each other's caches. */
export function userKey(userId: string, name: string): string {
  return `rapport:${userId}:${name}`;
}
