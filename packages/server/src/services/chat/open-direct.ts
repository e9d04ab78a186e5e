import { conversationMembers, conversations, eq, sql, users, type Transaction } from '@rapport/db';
import type { Deps } from '../../deps';
import { AppError, notFound } from '../../errors';
import { appendEvents } from '../../realtime/append';
import { writeWithEvents } from '../../realtime/commit';
import type { ConversationView } from '../../schemas/chat';
import type { Actor } from '../auth/sessions';
import { lockPair, rowsBetween } from '../connections/pair';
import { conversationFor } from './conversation-view';

/**
 * The one direct conversation between the actor and another user, created on
 * first open. However many times, from either side, concurrently included,
 * there is one: the pair's unique index decides, and the pair lock (the same
 * one blocks take) means a block and an open cannot interleave.
 */
export async function openDirect(deps: Deps, actor: Actor, input: { userId: string }): Promise<ConversationView> {
  const me = actor.userId;
  const them = input.userId;
  if (me === them) throw new AppError('BAD_REQUEST', 'A direct conversation needs someone else; use a group to keep notes to yourself.');
  const id = await writeWithEvents(deps, (tx) => findOrCreate(tx, me, them));
  return conversationFor(deps.db, id, me);
}

async function findOrCreate(tx: Transaction, me: string, them: string): Promise<string> {
  await lockPair(tx, me, them);
  const [target] = await tx.select({ id: users.id }).from(users).where(eq(users.id, them)).limit(1);
  if (!target) throw notFound('User');
  const blocks = (await rowsBetween(tx, me, them)).filter((r) => r.type === 'block');
  if (blocks.some((r) => r.requesterId === them)) throw notFound('User');
  if (blocks.length > 0) throw new AppError('FORBIDDEN', 'You have blocked this person. Unblock them to message them.');
  const [low, high] = me < them ? [me, them] : [them, me];
  const [created] = await tx
    .insert(conversations)
    .values({ kind: 'direct', directLowId: low, directHighId: high, createdBy: me, memberCount: 2 })
    .onConflictDoNothing({ target: [conversations.directLowId, conversations.directHighId], where: sql`kind = 'direct'` })
    .returning({ id: conversations.id });
  if (!created) {
    const [existing] = await tx
      .select({ id: conversations.id })
      .from(conversations)
      .where(sql`${conversations.kind} = 'direct' and ${conversations.directLowId} = ${low} and ${conversations.directHighId} = ${high}`)
      .limit(1);
    if (!existing) throw new Error('direct conversation vanished under the pair lock');
    return existing.id;
  }
  await tx.insert(conversationMembers).values([
    { conversationId: created.id, userId: me, role: 'member' },
    { conversationId: created.id, userId: them, role: 'member' },
  ]);
  await appendEvents(tx, [
    { type: 'conversation.created', conversationId: created.id, actorId: me, payload: { kind: 'direct', byUserId: me } },
  ]);
  return created.id;
}
