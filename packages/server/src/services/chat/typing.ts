import { and, conversationMembers, eq, type Database } from '@rapport/db';
import type { Publisher } from '../../domain/events/publisher';
import type { Actor } from '../../domain/sessions';
import { notFound } from '../../errors';
import { LIMITS } from '../../limits';
import type { ConversationIdInput, TypingResult } from '../../schemas/chat/conversations';

/**
 * The typing signal each user last sent per conversation, so repeats within a
 * second are not broadcast again. It never stands in for the membership check.
 * Entries outlive their expiry by nothing: once the map is large, expired ones
 * are dropped.
 */
export class RecentTyping {
  private readonly sent = new Map<string, { sentAt: number; expiresAt: string }>();

  get(key: string): { sentAt: number; expiresAt: string } | undefined {
    return this.sent.get(key);
  }

  set(key: string, value: { sentAt: number; expiresAt: string }): void {
    this.sent.set(key, value);
    if (this.sent.size > LIMITS.typingSignalsKept) {
      const now = Date.now();
      for (const [k, v] of this.sent) if (Date.parse(v.expiresAt) <= now) this.sent.delete(k);
    }
  }
}

/**
 * Tells the other members the actor is typing. Ephemeral: nothing is stored,
 * and the signal carries its own expiry, so a client that stops sending them
 * stops showing as typing within LIMITS.typingTtlMs. Clients send it again
 * every few seconds while the user types.
 */
export async function signalTyping(
  db: Database,
  actor: Actor,
  input: ConversationIdInput,
  { typing, events }: { typing: RecentTyping; events: Publisher },
): Promise<TypingResult> {
  const key = `${actor.userId}:${input.conversationId}`;
  const recent = typing.get(key);
  // A client calling on every keystroke costs one primary-key lookup per call and one
  // broadcast per second: the signal it already sent is still showing. The
  // membership check still comes first, so a member removed since that signal
  // is refused at once rather than answered from memory.
  if (recent !== undefined && Date.now() - recent.sentAt < LIMITS.typingResendMs) {
    if (!(await isMember(db, input.conversationId, actor.userId))) throw notFound('Conversation');
    return { expiresAt: recent.expiresAt };
  }
  // The member list is also the membership check: a stranger is not in it.
  const members = await db
    .select({ userId: conversationMembers.userId })
    .from(conversationMembers)
    .where(eq(conversationMembers.conversationId, input.conversationId));
  if (!members.some((m) => m.userId === actor.userId)) throw notFound('Conversation');
  const now = Date.now();
  const expiresAt = new Date(now + LIMITS.typingTtlMs).toISOString();
  const recipients = members.map((m) => m.userId).filter((id) => id !== actor.userId);
  events.publish(recipients, actor.userId, {
    type: 'typing',
    at: new Date(now).toISOString(),
    conversationId: input.conversationId,
    userId: actor.userId,
    expiresAt,
  });
  typing.set(key, { sentAt: now, expiresAt });
  return { expiresAt };
}

async function isMember(db: Database, conversationId: string, userId: string): Promise<boolean> {
  const rows = await db
    .select({ userId: conversationMembers.userId })
    .from(conversationMembers)
    .where(and(eq(conversationMembers.conversationId, conversationId), eq(conversationMembers.userId, userId)))
    .limit(1);
  return rows.length > 0;
}
