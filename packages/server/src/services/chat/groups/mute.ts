import type { Deps } from '../../../deps';
import type { ConversationView } from '../../../schemas/chat';
import type { Actor } from '../../auth/sessions';
import { updateOwnMembership } from './own-membership';

export interface MuteInput {
  conversationId: string;
  /** When the mute ends by itself; null or absent: until unmuted. The router checks it is in the future. */
  until?: string | null | undefined;
}

/** Mutes a conversation for the actor, for a while or until unmuted; muting again replaces the end time. */
export function mute(deps: Deps, actor: Actor, input: MuteInput): Promise<ConversationView> {
  const mutedUntil = input.until == null ? null : new Date(input.until);
  return updateOwnMembership(deps.db, input.conversationId, actor.userId, { muted: true, mutedUntil });
}

export function unmute(deps: Deps, actor: Actor, input: { conversationId: string }): Promise<ConversationView> {
  return updateOwnMembership(deps.db, input.conversationId, actor.userId, { muted: false, mutedUntil: null });
}
