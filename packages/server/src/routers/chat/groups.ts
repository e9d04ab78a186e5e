import { z } from 'zod';
import { LIMITS } from '../../limits';
import { pageInput, pageOutput, timeIdCursor } from '../../pagination';
import { conversationView, groupDescriptionInput, groupTitleInput } from '../../schemas/chat';
import { clientKeyInput } from '../../schemas/client-key';
import { futureInstantInput } from '../../schemas/dates';
import { addMembers } from '../../services/chat/groups/add-members';
import { archive, unarchive } from '../../services/chat/groups/archive';
import { createGroup } from '../../services/chat/groups/create-group';
import { leaveGroup } from '../../services/chat/groups/leave';
import { listMembers, memberView } from '../../services/chat/groups/list-members';
import { mute, unmute } from '../../services/chat/groups/mute';
import { removeMember } from '../../services/chat/groups/remove-member';
import { setRole } from '../../services/chat/groups/set-role';
import { transferOwnership } from '../../services/chat/groups/transfer-ownership';
import { updateGroup } from '../../services/chat/groups/update-group';
import { protectedProcedure } from '../../trpc';

const conversationId = z.uuid();
const userIds = z.array(z.uuid()).max(LIMITS.membersPerCall, `Add at most ${LIMITS.membersPerCall} people per call.`);
const inConversation = z.object({ conversationId });

// Longer than anyone mutes for a while; beyond it, mute with no end time.
const MUTE_HORIZON_DAYS = 366 * 10;
const muteUntil = futureInstantInput(MUTE_HORIZON_DAYS, 'Pick a time in the future, or leave it out to mute until you unmute.');

/** Group conversations and each member's own settings (mute, archive), spread into the chat router. */
export const groupProcedures = {
  /** A new group owned by the caller, with the given people as members. */
  createGroup: protectedProcedure
    .input(
      z.object({
        title: groupTitleInput,
        description: groupDescriptionInput.optional(),
        memberIds: userIds.default([]),
        clientKey: clientKeyInput.optional(),
      }),
    )
    .output(conversationView)
    .mutation(({ ctx, input }) => createGroup(ctx.deps, ctx.actor, input)),

  /** Owner or admin: a new title and/or description (an empty or null description clears it). */
  updateGroup: protectedProcedure
    .input(
      z
        .object({ conversationId, title: groupTitleInput.optional(), description: groupDescriptionInput.nullable().optional() })
        .refine((input) => input.title !== undefined || input.description !== undefined, {
          message: 'Give a new title, a new description, or both.',
          path: ['title'],
        }),
    )
    .output(conversationView)
    .mutation(({ ctx, input }) => updateGroup(ctx.deps, ctx.actor, input)),

  /** Owner or admin: adds people; those already in the group are skipped, so a retry is harmless. */
  addMembers: protectedProcedure
    .input(z.object({ conversationId, userIds: userIds.min(1, 'Name at least one person to add.') }))
    .output(conversationView)
    .mutation(({ ctx, input }) => addMembers(ctx.deps, ctx.actor, input)),

  /** The owner removes anyone else; an admin removes plain members. */
  removeMember: protectedProcedure
    .input(z.object({ conversationId, userId: z.uuid() }))
    .output(conversationView)
    .mutation(({ ctx, input }) => removeMember(ctx.deps, ctx.actor, input)),

  /** Leaves a group; an owner's group passes to the longest-standing admin, else member. The last one out deletes it. */
  leave: protectedProcedure
    .input(inConversation)
    .output(z.object({ conversationId, newOwnerId: z.uuid().nullable(), deleted: z.boolean() }))
    .mutation(({ ctx, input }) => leaveGroup(ctx.deps, ctx.actor, input)),

  /** Owner only: makes a member an admin, or an admin a plain member. */
  setRole: protectedProcedure
    .input(z.object({ conversationId, userId: z.uuid(), role: z.enum(['admin', 'member']) }))
    .output(conversationView)
    .mutation(({ ctx, input }) => setRole(ctx.deps, ctx.actor, input)),

  /** Owner only: hands the group to another member; the old owner stays as an admin. */
  transferOwnership: protectedProcedure
    .input(z.object({ conversationId, userId: z.uuid() }))
    .output(conversationView)
    .mutation(({ ctx, input }) => transferOwnership(ctx.deps, ctx.actor, input)),

  /** Mutes a conversation for me, until a time in the future or (null or absent) until I unmute it. */
  mute: protectedProcedure
    .input(z.object({ conversationId, until: muteUntil.nullable().optional() }))
    .output(conversationView)
    .mutation(({ ctx, input }) => mute(ctx.deps, ctx.actor, input)),

  unmute: protectedProcedure
    .input(inConversation)
    .output(conversationView)
    .mutation(({ ctx, input }) => unmute(ctx.deps, ctx.actor, input)),

  /** Takes a conversation out of my default list; chat.list({ archived: true }) shows it. */
  archive: protectedProcedure
    .input(inConversation)
    .output(conversationView)
    .mutation(({ ctx, input }) => archive(ctx.deps, ctx.actor, input)),

  unarchive: protectedProcedure
    .input(inConversation)
    .output(conversationView)
    .mutation(({ ctx, input }) => unarchive(ctx.deps, ctx.actor, input)),

  /** Members in the order they joined, with how far each has read. */
  members: protectedProcedure
    // The position is (joined at, user id): the shared bounded timestamp cursor.
    .input(z.object({ conversationId, ...pageInput(timeIdCursor) }))
    .output(pageOutput(memberView))
    .query(({ ctx, input }) => listMembers(ctx.deps.db, ctx.actor.userId, input)),
};
