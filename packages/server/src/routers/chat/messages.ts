import { z } from 'zod';
import { pageInput, pageOutput, timeIdCursor } from '../../pagination';
import { messageBodyInput, messageView } from '../../schemas/chat';
import { deleteMessage } from '../../services/chat/messages/delete';
import { editMessage } from '../../services/chat/messages/edit';
import { messageFor } from '../../services/chat/messages/get';
import { history } from '../../services/chat/messages/history';
import {
  emojiInput,
  historyPosition,
  reportDetailsInput,
  reportReasonInput,
  searchQueryInput,
  seqInput,
} from '../../services/chat/messages/inputs';
import { markRead } from '../../services/chat/messages/mark-read';
import { react } from '../../services/chat/messages/react';
import { readers } from '../../services/chat/messages/readers';
import { reportMessage } from '../../services/chat/messages/report';
import { searchMessages } from '../../services/chat/messages/search';
import { unreact } from '../../services/chat/messages/unreact';
import { protectedProcedure } from '../../trpc';

const messageId = z.object({ messageId: z.uuid() });
const reaction = z.object({ messageId: z.uuid(), emoji: emojiInput });

const historyInput = z
  .object({ conversationId: z.uuid(), before: seqInput.optional(), after: seqInput.optional(), ...pageInput(historyPosition) })
  .superRefine((input, ctx) => {
    // One starting point per call: the cursor already carries one.
    if (input.before !== undefined && input.after !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['after'], message: 'Give before or after, not both.' });
    }
    if (input.cursor !== undefined && (input.before !== undefined || input.after !== undefined)) {
      ctx.addIssue({ code: 'custom', path: ['cursor'], message: 'A cursor already says where to continue: leave out before and after.' });
    }
  });

/** The chat router's message operations, spread into it beside send. */
export const messageProcedures = {
  /** One message by id (a tombstone if it was deleted). Members only. */
  message: protectedProcedure
    .input(messageId)
    .output(messageView)
    .query(({ ctx, input }) => messageFor(ctx.deps.db, input.messageId, ctx.actor.userId)),

  /** Replaces the text of my own message (a caption, for media); sets editedAt and tells the other members. */
  edit: protectedProcedure
    .input(z.object({ messageId: z.uuid(), body: messageBodyInput }))
    .output(messageView)
    .mutation(({ ctx, input }) => editMessage(ctx.deps, ctx.actor, input)),

  /**
   * Deletes a message for everyone, leaving a tombstone in its place (same id
   * and seq, no content). The sender may, and a group's owner or admins.
   * Deleting again returns the same tombstone.
   */
  delete: protectedProcedure
    .input(messageId)
    .output(messageView)
    .mutation(({ ctx, input }) => deleteMessage(ctx.deps, ctx.actor, input)),

  /** Adds my reaction (one emoji). Adding the same one again changes nothing. */
  react: protectedProcedure
    .input(reaction)
    .output(messageView)
    .mutation(({ ctx, input }) => react(ctx.deps, ctx.actor, input)),

  /** Removes my reaction. Removing one I do not have changes nothing. */
  unreact: protectedProcedure
    .input(reaction)
    .output(messageView)
    .mutation(({ ctx, input }) => unreact(ctx.deps, ctx.actor, input)),

  /**
   * A page of a conversation's messages, keyset by seq.
   * - Nothing, or `before: seq`: newest first, going back in time.
   * - `after: seq`: oldest first, going forward (e.g. catching up from the
   *   last seq a client holds).
   * `nextCursor` continues in the same direction and is null at the end. To
   * page the other way from a loaded window, call again with `before` set to
   * the lowest seq held, or `after` set to the highest.
   */
  history: protectedProcedure
    .input(historyInput)
    .output(pageOutput(messageView))
    .query(({ ctx, input }) => history(ctx.deps.db, ctx.actor.userId, input)),

  /**
   * Searches my conversations (or one of them), newest first. Web search
   * syntax: words, "an exact phrase", -excluded, or. Deleted messages are never found.
   */
  search: protectedProcedure
    .input(z.object({ query: searchQueryInput, conversationId: z.uuid().optional(), ...pageInput(timeIdCursor) }))
    .output(pageOutput(z.object({ message: messageView, conversationId: z.uuid() })))
    .query(({ ctx, input }) => searchMessages(ctx.deps.db, ctx.actor.userId, input)),

  /** Marks the conversation read up to seq. The watermark only moves forward; unread = last seq − watermark. */
  markRead: protectedProcedure
    .input(z.object({ conversationId: z.uuid(), seq: seqInput }))
    .output(z.object({ lastReadSeq: z.number().int(), unreadCount: z.number().int() }))
    .mutation(({ ctx, input }) => markRead(ctx.deps, ctx.actor, input)),

  /** How far each member has read (read receipts). */
  readers: protectedProcedure
    .input(z.object({ conversationId: z.uuid() }))
    .output(z.array(z.object({ userId: z.uuid(), lastReadSeq: z.number().int(), lastReadAt: z.iso.datetime().nullable() })))
    .query(({ ctx, input }) => readers(ctx.deps.db, ctx.actor.userId, input)),

  /** Reports someone else's message to the moderators. Reporting it again returns the first report. */
  report: protectedProcedure
    .input(z.object({ messageId: z.uuid(), reason: reportReasonInput, details: reportDetailsInput.optional() }))
    .output(z.object({ reportId: z.uuid() }))
    .mutation(({ ctx, input }) => reportMessage(ctx.deps, ctx.actor, input)),
};
