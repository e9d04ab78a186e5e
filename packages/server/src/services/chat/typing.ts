import { conversationMembers, eq } from '@rapport/db';
import type { Deps } from '../../deps';
import { LIMITS } from '../../limits';
import type { Actor } from '../auth/sessions';
import { loadMembership } from './access';

/**
 * Tells the other members the actor is typing. Ephemeral: nothing is stored,
 * and the signal carries its own expiry, so a client that stops sending them
 * stops showing as typing within LIMITS.typingTtlMs. Clients send it again
 * every few seconds while the user types.
 */
export async function signalTyping(deps: Deps, actor: Actor, input: { conversationId: string }): Promise<{ expiresAt: string }> {
  await loadMembership(deps.db, input.conversationId, actor.userId);
  const members = await deps.db
    .select({ userId: conversationMembers.userId })
    .from(conversationMembers)
    .where(eq(conversationMembers.conversationId, input.conversationId));
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
  return { expiresAt };
}
