import { randomUUID } from 'node:crypto';
import type { RouterOutputs } from '../../../src/index';
import type { TestServer, TestUser } from '../../harness';
import { listen, type Listener } from '../../realtime/listen';

export type Message = RouterOutputs['chat']['message'];

/** Hands the server input its types refuse, as a client without the SDK's types could. */
export const unchecked = <T>(input: unknown): T => input as T;

/** Two new users and their direct conversation. */
export async function directPair(t: TestServer) {
  const [ann, bob] = await Promise.all([t.user('Ann'), t.user('Bob')]);
  const conversation = await ann.api.chat.openDirect.mutate({ userId: bob.id });
  return { ann, bob, conversationId: conversation.id };
}

export function say(user: TestUser, conversationId: string, body: string): Promise<Message> {
  return user.api.chat.send.mutate({ conversationId, clientKey: randomUUID(), content: { kind: 'text', body } });
}

/** Sends the bodies one after another, so their seqs follow the given order. */
export async function sayAll(user: TestUser, conversationId: string, bodies: string[]): Promise<Message[]> {
  const sent: Message[] = [];
  for (const body of bodies) sent.push(await say(user, conversationId, body));
  return sent;
}

/**
 * Subscribes and gives the subscription a moment to attach: what happens
 * before it is attached would only come by resuming.
 */
export async function listening(user: TestUser): Promise<Listener> {
  const listener = listen(user);
  await new Promise((resolve) => setTimeout(resolve, 250));
  return listener;
}

export const block = (blocker: TestUser, blocked: TestUser) =>
  blocker.api.connections.create.mutate({ targetUserId: blocked.id, type: 'block' });
