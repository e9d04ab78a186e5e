import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { TestServer, TestUser } from '../harness';

/**
 * Hands the server input its types refuse, as a client without the SDK's
 * types could: the point is to see the server reject it, not the compiler.
 */
export const unchecked = <T>(input: unknown): T => input as T;

/** Signs up one user per name, at once, returned in the order named. */
export function signUpAll<const N extends readonly string[]>(t: TestServer, ...names: N): Promise<{ -readonly [K in keyof N]: TestUser }> {
  return Promise.all(names.map((name) => t.user(name))) as Promise<{ -readonly [K in keyof N]: TestUser }>;
}

/** Makes two users friends: a asks, b accepts; returns the accepted connection as b sees it. */
export async function befriend(a: TestUser, b: TestUser) {
  const request = await a.api.connections.create.mutate({ targetUserId: b.id, type: 'friend' });
  return b.api.connections.respond.mutate({ connectionId: request.id, status: 'accepted' });
}

/** An id no row has. */
export const unknownId = () => randomUUID();

interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/**
 * Walks every page from the first, returning them in order. Fails if the
 * walk does not end (a cursor that loops) or a page is larger than asked.
 */
export async function walkPages<T>(limit: number, fetchPage: (cursor: string | undefined) => Promise<Page<T>>): Promise<T[][]> {
  const pages: T[][] = [];
  let cursor: string | undefined;
  for (let guard = 0; guard < 1000; guard++) {
    const page = await fetchPage(cursor);
    expect(page.items.length).toBeLessThanOrEqual(limit);
    pages.push(page.items);
    if (page.nextCursor === null) return pages;
    expect(page.items.length).toBe(limit);
    cursor = page.nextCursor;
  }
  throw new Error('pagination did not end');
}

/** Ids in order, for comparing lists without the noise of whole objects. */
export const ids = (items: { id: string }[]) => items.map((i) => i.id);

export const sorted = (values: string[]) => [...values].sort();
