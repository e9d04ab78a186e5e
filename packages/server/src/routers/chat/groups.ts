import { pageOutput } from '../../pagination';
import {
  addMembersInput,
  conversationIdInput,
  conversationView,
  createGroupInput,
  leaveResult,
  listMembersInput,
  memberInput,
  memberView,
  muteInput,
  setRoleInput,
  updateGroupInput,
} from '../../schemas/chat/conversations';
import { addMembers } from '../../services/chat/groups/add-members';
import { createGroup } from '../../services/chat/groups/create-group';
import { leaveGroup } from '../../services/chat/groups/leave';
import { listMembers } from '../../services/chat/groups/list-members';
import { removeMember } from '../../services/chat/groups/remove-member';
import { setRole } from '../../services/chat/groups/set-role';
import { transferOwnership } from '../../services/chat/groups/transfer-ownership';
import { updateGroup } from '../../services/chat/groups/update-group';
import { archive, mute, unarchive, unmute } from '../../services/chat/own-settings';
import { protectedProcedure } from '../../trpc';
import { serve, serveWith, withEvents } from '../procedure';
import { restRoutes } from '../rest-route';

const rest = restRoutes('chat');

/** Group conversations and each member's own settings (mute, archive), spread into the chat router. */
export const groupProcedures = {
  /** A new group owned by the caller, with the given people as members. */
  createGroup: protectedProcedure
    .meta(rest('POST', '/chat/groups', 'Creates a group owned by me, with the given members.'))
    .input(createGroupInput)
    .output(conversationView)
    .mutation(serveWith(createGroup, withEvents)),

  /** Owner or admin: a new title and/or description (an empty or null description clears it). */
  updateGroup: protectedProcedure
    .meta(rest('PATCH', '/chat/groups/{conversationId}', 'Owner or admin: a new title and/or description.'))
    .input(updateGroupInput)
    .output(conversationView)
    .mutation(serveWith(updateGroup, withEvents)),

  /** Owner or admin: adds people; those already in the group are skipped, so a retry is harmless. */
  addMembers: protectedProcedure
    .meta(rest('POST', '/chat/groups/{conversationId}/members', 'Owner or admin: adds people (those already in are skipped).'))
    .input(addMembersInput)
    .output(conversationView)
    .mutation(serveWith(addMembers, withEvents)),

  /** The owner removes anyone else; an admin removes plain members. */
  removeMember: protectedProcedure
    .meta(rest('DELETE', '/chat/groups/{conversationId}/members/{userId}', 'Removes a member (the owner anyone, an admin plain members).'))
    .input(memberInput)
    .output(conversationView)
    .mutation(serveWith(removeMember, withEvents)),

  /** Leaves a group; an owner's group passes to the longest-standing admin, else member. The last one out deletes it. */
  leave: protectedProcedure
    .meta(rest('POST', '/chat/groups/{conversationId}/leave', 'Leaves a group; the last one out deletes it.'))
    .input(conversationIdInput)
    .output(leaveResult)
    .mutation(serveWith(leaveGroup, withEvents)),

  /** Owner only: makes a member an admin, or an admin a plain member. */
  setRole: protectedProcedure
    .meta(rest('PUT', '/chat/groups/{conversationId}/members/{userId}/role', 'Owner only: makes a member an admin, or an admin a member.'))
    .input(setRoleInput)
    .output(conversationView)
    .mutation(serveWith(setRole, withEvents)),

  /** Owner only: hands the group to another member; the old owner stays as an admin. */
  transferOwnership: protectedProcedure
    .meta(rest('PUT', '/chat/groups/{conversationId}/owner', 'Owner only: hands the group to another member.'))
    .input(memberInput)
    .output(conversationView)
    .mutation(serveWith(transferOwnership, withEvents)),

  /** Mutes a conversation for me, until a time in the future or (null or absent) until I unmute it. */
  mute: protectedProcedure
    .meta(rest('POST', '/chat/conversations/{conversationId}/mute', 'Mutes a conversation for me, until a time or until unmuted.'))
    .input(muteInput)
    .output(conversationView)
    .mutation(serve(mute)),

  unmute: protectedProcedure
    .meta(rest('DELETE', '/chat/conversations/{conversationId}/mute', 'Unmutes a conversation.'))
    .input(conversationIdInput)
    .output(conversationView)
    .mutation(serve(unmute)),

  /** Takes a conversation out of my default list; chat.list({ archived: true }) shows it. */
  archive: protectedProcedure
    .meta(rest('POST', '/chat/conversations/{conversationId}/archive', 'Takes a conversation out of my default list.'))
    .input(conversationIdInput)
    .output(conversationView)
    .mutation(serve(archive)),

  unarchive: protectedProcedure
    .meta(rest('DELETE', '/chat/conversations/{conversationId}/archive', 'Puts an archived conversation back in my list.'))
    .input(conversationIdInput)
    .output(conversationView)
    .mutation(serve(unarchive)),

  /** Members in the order they joined, with how far each has read. */
  members: protectedProcedure
    .meta(rest('GET', '/chat/conversations/{conversationId}/members', 'Members in the order they joined, with how far each has read.'))
    .input(listMembersInput)
    .output(pageOutput(memberView))
    .query(serve(listMembers)),
};
