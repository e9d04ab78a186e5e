import { and, conversationMembers, eq } from '@rapport/db';
import type { Deps } from '../../deps';
import { LIMITS } from '../../limits';
import type { Actor } from '../auth/sessions';
import { notFound } from '../../errors';

const TYPING_RESEND_MS = 1000;

/**
 * Tells the other members the actor is typing. Ephemeral: nothing is stored,
 * and the signal carries its own expiry, so a client that stops sending them
 * stops showing as typing within LIMITS.typingTtlMs. Clients send it again
 * every few seconds while the user types.
 */
export async function signalTyping(deps: Deps, actor: Actor, input: { conversationId: string }): Promise<{ expiresAt: string }> {
  const key = `${actor.userId}:${input.conversationId}`;
  const recent = deps.typingSignals.get(key);
  // A client calling on every keystroke costs one primary-key lookup per call and one
  // broadcast per second: the signal it already sent is still showing. The
  // membership check still comes first, so a member removed since that signal
  // is refused at once rather than answered from memory.
  if (recent !== undefined && Date.now() - recent.sentAt < TYPING_RESEND_MS) {
    if (!(await isMember(deps, input.conversationId, actor.userId))) throw notFound('Conversation');
    return { expiresAt: recent.expiresAt };
  }
  // The member list is also the membership check: a stranger is not in it.
  const members = await deps.db
    .select({ userId: conversationMembers.userId })
    .from(conversationMembers)
    .where(eq(conversationMembers.conversationId, input.conversationId));
  if (!members.some((m) => m.userId === actor.userId)) throw notFound('Conversation');
  const now = Date.now();
  const expiresAt = new Date(now + LIMITS.typingTtlMs).toISOString();
  const recipients = members.map((m) => m.userId).filter((id) => id !== actor.userId);
  deps.realtime.publish(recipients, actor.userId, {
    type: 'typing',
    at: new Date(now).toISOString(),
    conversationId: input.conversationId,
    userId: actor.userId,
    expiresAt,
  });
  deps.typingSignals.set(key, { sentAt: now, expiresAt });
  return { expiresAt };
}

async function isMember(deps: Deps, conversationId: string, userId: string): Promise<boolean> {
  const rows = await deps.db
    .select({ userId: conversationMembers.userId })
    .from(conversationMembers)
    .where(and(eq(conversationMembers.conversationId, conversationId), eq(conversationMembers.userId, userId)))
    .limit(1);
  return rows.length > 0;
}
