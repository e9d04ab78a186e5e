import { conversationMembers, conversations, eq, sql, users, type Database, type Transaction } from '@rapport/db';
import { blocks } from '../../domain/blocks';
import { appendEvents } from '../../domain/events/append';
import { writeWithEvents, type Publisher } from '../../domain/events/publisher';
import { lockConversation, lockPair } from '../../domain/locks';
import type { Actor } from '../../domain/sessions';
import { AppError, notFound } from '../../errors';
import type { ConversationView, OpenDirectInput } from '../../schemas/chat/conversations';
import { conversationFor } from './conversation-view';

/**
 * The one direct conversation between the actor and another user, created on
 * first open. However many times, from either side, concurrently included,
 * there is one: the pair's unique index decides, and the pair lock (the same
 * one blocks take) means a block and an open cannot interleave.
 */
export async function openDirect(db: Database, actor: Actor, input: OpenDirectInput, { events }: { events: Publisher }): Promise<ConversationView> {
  const me = actor.userId;
  const them = input.userId;
  if (me === them) throw new AppError('BAD_REQUEST', 'A direct conversation needs someone else; use a group to keep notes to yourself.');
  const id = await writeWithEvents(db, events, (tx) => findOrCreate(tx, me, them));
  return conversationFor(db, id, me);
}

async function findOrCreate(tx: Transaction, me: string, them: string): Promise<string> {
  await lockPair(tx, me, them);
  const [target] = await tx
    .select({ blocksMe: sql<boolean>`${blocks(users.id, me)}`, blocked: sql<boolean>`${blocks(me, users.id)}` })
    .from(users)
    .where(eq(users.id, them))
    .limit(1);
  // To the blocked, a blocker is not found; the blocker is told to unblock.
  if (!target || target.blocksMe) throw notFound('User');
  if (target.blocked) throw new AppError('FORBIDDEN', 'You have blocked this person. Unblock them to message them.');
  return directBetween(tx, me, them);
}

/**
 * The direct conversation of two users, created if missing. The caller holds
 * the pair lock (lockPair) and has checked blocks. When the conversation
 * already existed, its conversation lock is held on return, taken before this
 * function writes anything: a caller that goes on to write a message in it
 * (a session request does) keeps the log in seq order.
 */
export async function directBetween(tx: Transaction, me: string, them: string): Promise<string> {
  const [low, high] = me < them ? [me, them] : [them, me];
  const [existing] = await tx
    .select({ id: conversations.id })
    .from(conversations)
    .where(sql`${conversations.kind} = 'direct' and ${conversations.directLowId} = ${low} and ${conversations.directHighId} = ${high}`)
    .limit(1);
  if (existing) {
    await lockConversation(tx, existing.id);
    return existing.id;
  }
  // Under the pair lock nobody else can be creating it; the unique index on
  // the pair would refuse a second one regardless.
  const [created] = await tx
    .insert(conversations)
    .values({ kind: 'direct', directLowId: low, directHighId: high, createdBy: me, memberCount: 2 })
    .returning({ id: conversations.id });
  if (!created) throw new Error('direct conversation insert returned no row');
  await tx.insert(conversationMembers).values([
    { conversationId: created.id, userId: me, role: 'member' },
    { conversationId: created.id, userId: them, role: 'member' },
  ]);
  await appendEvents(tx, [
    { type: 'conversation.created', conversationId: created.id, actorId: me, payload: { kind: 'direct', byUserId: me } },
  ]);
  return created.id;
}
