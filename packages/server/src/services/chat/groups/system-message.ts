import { and, conversationMembers, eq, sql, type Transaction } from '@rapport/db';
import { insertMessage } from '../insert-message';
import { memberRow } from './members';

export interface SystemMessage {
  conversationId: string;
  actorId: string;
  /** A sentence a person reads in the conversation, with names. */
  body: string;
  /** What happened, for clients that render it their own way: { event, userId(s), byUserId, … }. */
  metadata: Record<string, unknown>;
}

/**
 * Writes the system message that records a membership or settings change,
 * inside the change's transaction. The actor caused it, so it does not count
 * as unread for them, but only when they had read everything before it:
 * their own action must not mark other people's messages read.
 */
export async function postSystemMessage(tx: Transaction, m: SystemMessage): Promise<void> {
  const message = await insertMessage(tx, {
    conversationId: m.conversationId,
    senderId: null,
    actorId: m.actorId,
    kind: 'system',
    body: m.body,
    attachments: [],
    location: null,
    metadata: m.metadata,
    replyToId: null,
    clientKey: null,
    // The caller holds the conversation lock and has checked the action.
    guard: sql`true`,
  });
  if (message === null) throw new Error(`system message for conversation ${m.conversationId} was not written`);
  await tx
    .update(conversationMembers)
    .set({ lastReadSeq: message.seq, lastReadAt: sql`now()` })
    .where(and(memberRow(m.conversationId, m.actorId), eq(conversationMembers.lastReadSeq, message.seq - 1)));
}

/** "Bob", "Bob and Cy", "Bob, Cy and Dee", "Bob, Cy and 4 others". */
export function nameList(names: readonly string[]): string {
  const last = names.at(-1);
  if (names.length > 3) return `${names.slice(0, 2).join(', ')} and ${names.length - 2} others`;
  if (names.length < 2 || last === undefined) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${last}`;
}
