import { randomUUID } from 'node:crypto';
import { users as usersTable } from '@rapport/db';
import type { RouterOutputs } from '../../../src/index';
import type { TestServer, TestUser } from '../../harness';
import { listen, type Listener } from '../../realtime/listen';

export type Conversation = RouterOutputs['chat']['get'];

/** Signs up `count` users at once (sign-up hashes a password, so in parallel is much faster). */
export function users(t: TestServer, count: number, prefix = 'Member'): Promise<TestUser[]> {
  return Promise.all(Array.from({ length: count }, (_, i) => t.user(`${prefix} ${i + 1}`)));
}

/** A group owned by `owner` with the given members. */
export function group(owner: TestUser, members: TestUser[], title = 'Book club'): Promise<Conversation> {
  return owner.api.chat.createGroup.mutate({ title, memberIds: members.map((m) => m.id) });
}

export function say(user: TestUser, conversationId: string, body: string) {
  return user.api.chat.send.mutate({ conversationId, clientKey: randomUUID(), content: { kind: 'text', body } });
}

/**
 * Subscribes and gives the subscription a moment to attach: what happens
 * before it is attached is not live (it would come only by resuming).
 */
export async function listening(user: TestUser): Promise<Listener> {
  const listener = listen(user);
  await new Promise((resolve) => setTimeout(resolve, 250));
  return listener;
}

/** Every member of a conversation, walking all pages. */
export async function allMembers(user: TestUser, conversationId: string, limit = 100) {
  const members: RouterOutputs['chat']['members']['items'] = [];
  let cursor: string | undefined;
  for (let guard = 0; guard < 100; guard++) {
    const page = await user.api.chat.members.query({ conversationId, limit, ...(cursor === undefined ? {} : { cursor }) });
    members.push(...page.items);
    if (page.nextCursor === null) return members;
    cursor = page.nextCursor;
  }
  throw new Error('member pages did not end');
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Users who only need to exist (to be added to a group), written straight to
 * the database: signing up hundreds through the API spends seconds hashing
 * passwords, and these users never sign in (their hash matches no password).
 */
export async function seedUsers(t: TestServer, count: number, prefix: string): Promise<{ id: string; name: string }[]> {
  const rows = Array.from({ length: count }, (_, i) => ({
    email: `${randomUUID()}@example.test`,
    passwordHash: 'seeded-user-without-a-password',
    name: `${prefix} ${i + 1}`,
  }));
  return t.server.deps.db.insert(usersTable).values(rows).returning({ id: usersTable.id, name: usersTable.name });
}
