import { z } from 'zod';
import { LIMITS } from '../../limits';
import { DEFAULT_PAGE_SIZE, pageInput, timeIdCursor } from '../../pagination';
import { clientKeyInput } from '../client-key';
import { futureInstantInput } from '../dates';
import { hasControlCharacter } from '../user';
import { messageView } from './messages';

const isoTime = z.iso.datetime();
const NO_CONTROL = 'Remove control characters.';

export const memberRoleOutput = z.enum(['owner', 'admin', 'member']);

export const memberPreview = z.object({
  userId: z.uuid(),
  name: z.string(),
  avatarUrl: z.string().nullable(),
  role: memberRoleOutput,
});

export const conversationView = z.object({
  id: z.uuid(),
  kind: z.enum(['direct', 'group']),
  title: z.string().nullable(),
  description: z.string().nullable(),
  createdAt: isoTime,
  lastActivityAt: isoTime,
  lastSeq: z.number().int(),
  memberCount: z.number().int(),
  myRole: memberRoleOutput,
  lastReadSeq: z.number().int(),
  /** last_seq − my last_read_seq: no count over messages. */
  unreadCount: z.number().int(),
  muted: z.boolean(),
  mutedUntil: isoTime.nullable(),
  archived: z.boolean(),
  lastMessage: messageView.nullable(),
  /** The first few members (for a direct conversation: both). */
  members: z.array(memberPreview),
});
export type ConversationView = z.infer<typeof conversationView>;

/** A member as the others see them; lastReadSeq is how far they have read ("seen by"). */
export const memberView = z.object({
  userId: z.uuid(),
  name: z.string(),
  avatarUrl: z.string().nullable(),
  role: memberRoleOutput,
  joinedAt: isoTime,
  lastReadSeq: z.number().int(),
  lastReadAt: isoTime.nullable(),
});
export type MemberView = z.infer<typeof memberView>;

export const groupTitleInput = z
  .string()
  .trim()
  .min(1, 'Give the group a title.')
  .max(LIMITS.groupTitleChars)
  .refine((s) => !hasControlCharacter(s), NO_CONTROL);

export const groupDescriptionInput = z
  .string()
  .trim()
  .max(LIMITS.groupDescriptionChars)
  .refine((s) => !hasControlCharacter(s, true), NO_CONTROL);

// Procedure inputs and outputs of the chat router's conversation and group operations.

/** A call that names one conversation and nothing else (get, typing, leave, unmute, archive, unarchive, readers). */
export const conversationIdInput = z.object({ conversationId: z.uuid() });
export type ConversationIdInput = z.output<typeof conversationIdInput>;

export const openDirectInput = z.object({ userId: z.uuid() });
export type OpenDirectInput = z.output<typeof openDirectInput>;

export const listConversationsInput = z
  .object({ archived: z.boolean().default(false), ...pageInput(timeIdCursor) })
  .default({ archived: false, limit: DEFAULT_PAGE_SIZE });
export type ListConversationsInput = z.output<typeof listConversationsInput>;

export const typingResult = z.object({ expiresAt: z.iso.datetime() });
export type TypingResult = z.output<typeof typingResult>;

const userIds = z.array(z.uuid()).max(LIMITS.membersPerCall, `Add at most ${LIMITS.membersPerCall} people per call.`);

export const createGroupInput = z.object({
  title: groupTitleInput,
  description: groupDescriptionInput.optional(),
  memberIds: userIds.default([]),
  /** Makes the call safe to retry: the same key returns the group the first call created. */
  clientKey: clientKeyInput.optional(),
});
export type CreateGroupInput = z.output<typeof createGroupInput>;

export const updateGroupInput = z
  .object({ conversationId: z.uuid(), title: groupTitleInput.optional(), description: groupDescriptionInput.nullable().optional() })
  .refine((input) => input.title !== undefined || input.description !== undefined, {
    message: 'Give a new title, a new description, or both.',
    path: ['title'],
  });
export type UpdateGroupInput = z.output<typeof updateGroupInput>;

export const addMembersInput = z.object({ conversationId: z.uuid(), userIds: userIds.min(1, 'Name at least one person to add.') });
export type AddMembersInput = z.output<typeof addMembersInput>;

/** A call that names one member of a group (remove, transfer ownership). */
export const memberInput = z.object({ conversationId: z.uuid(), userId: z.uuid() });
export type MemberInput = z.output<typeof memberInput>;

export const setRoleInput = z.object({ conversationId: z.uuid(), userId: z.uuid(), role: z.enum(['admin', 'member']) });
export type SetRoleInput = z.output<typeof setRoleInput>;

export const leaveResult = z.object({
  conversationId: z.uuid(),
  /** Who owns the group now, when the one leaving owned it and someone is left. */
  newOwnerId: z.uuid().nullable(),
  /** True when the last member left and the group was deleted with its history. */
  deleted: z.boolean(),
});
export type LeaveResult = z.output<typeof leaveResult>;

const muteUntil = futureInstantInput(LIMITS.muteHorizonDays, 'Pick a time in the future, or leave it out to mute until you unmute.');

export const muteInput = z.object({
  conversationId: z.uuid(),
  /** When the mute ends by itself; null or absent: until unmuted. */
  until: muteUntil.nullable().optional(),
});
export type MuteInput = z.output<typeof muteInput>;

// The position is (joined at, user id): the shared bounded timestamp cursor.
export const listMembersInput = z.object({ conversationId: z.uuid(), ...pageInput(timeIdCursor) });
export type ListMembersInput = z.output<typeof listMembersInput>;
