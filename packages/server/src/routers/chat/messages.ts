import { pageOutput } from '../../pagination';
import { conversationIdInput } from '../../schemas/chat/conversations';
import {
  editInput,
  historyInput,
  markReadInput,
  messageIdInput,
  messageView,
  reactionInput,
  readersOutput,
  readState,
  reportInput,
  reportResult,
  searchHit,
  searchInput,
} from '../../schemas/chat/messages';
import { deleteMessage } from '../../services/chat/messages/delete';
import { editMessage } from '../../services/chat/messages/edit';
import { getMessage } from '../../services/chat/messages/get';
import { history } from '../../services/chat/messages/history';
import { markRead } from '../../services/chat/messages/mark-read';
import { react } from '../../services/chat/messages/react';
import { readers } from '../../services/chat/messages/readers';
import { reportMessage } from '../../services/chat/messages/report';
import { searchMessages } from '../../services/chat/messages/search';
import { unreact } from '../../services/chat/messages/unreact';
import { protectedProcedure } from '../../trpc';
import { serve, serveWith, withEvents } from '../procedure';
import { restRoutes } from '../rest-route';

const rest = restRoutes('chat');

/** The chat router's message operations, spread into it beside send. */
export const messageProcedures = {
  /** One message by id (a tombstone if it was deleted). Members only. */
  message: protectedProcedure
    .meta(rest('GET', '/chat/messages/{messageId}', 'One message (a tombstone if deleted).'))
    .input(messageIdInput)
    .output(messageView)
    .query(serve(getMessage)),

  /** Replaces the text of my own message (a caption, for media); sets editedAt and tells the other members. */
  edit: protectedProcedure
    .meta(rest('PATCH', '/chat/messages/{messageId}', 'Replaces the text of my own message.'))
    .input(editInput)
    .output(messageView)
    .mutation(serveWith(editMessage, withEvents)),

  /**
   * Deletes a message for everyone, leaving a tombstone in its place (same id
   * and seq, no content). The sender may, and a group's owner or admins.
   * Deleting again returns the same tombstone.
   */
  delete: protectedProcedure
    .meta(rest('DELETE', '/chat/messages/{messageId}', 'Deletes a message for everyone, leaving a tombstone.'))
    .input(messageIdInput)
    .output(messageView)
    .mutation(serveWith(deleteMessage, withEvents)),

  /** Adds my reaction (one emoji). Adding the same one again changes nothing. */
  react: protectedProcedure
    .meta(rest('POST', '/chat/messages/{messageId}/reactions', 'Adds my reaction (one emoji).'))
    .input(reactionInput)
    .output(messageView)
    .mutation(serveWith(react, withEvents)),

  /** Removes my reaction. Removing one I do not have changes nothing. */
  unreact: protectedProcedure
    .meta(rest('DELETE', '/chat/messages/{messageId}/reactions', 'Takes my reaction back.'))
    .input(reactionInput)
    .output(messageView)
    .mutation(serveWith(unreact, withEvents)),

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
    .meta(rest('GET', '/chat/conversations/{conversationId}/messages', 'A page of a conversation\'s messages, keyset by seq.'))
    .input(historyInput)
    .output(pageOutput(messageView))
    .query(serve(history)),

  /**
   * Searches my conversations (or one of them), newest first. Web search
   * syntax: words, "an exact phrase", -excluded, or. Deleted messages are never found.
   */
  search: protectedProcedure
    .meta(rest('GET', '/chat/search', 'Searches my conversations, newest first.'))
    .input(searchInput)
    .output(pageOutput(searchHit))
    .query(serve(searchMessages)),

  /** Marks the conversation read up to seq. The watermark only moves forward; unread = last seq − watermark. */
  markRead: protectedProcedure
    .meta(rest('PUT', '/chat/conversations/{conversationId}/read', 'Marks the conversation read up to seq (only ever forward).'))
    .input(markReadInput)
    .output(readState)
    .mutation(serveWith(markRead, withEvents)),

  /** How far each member has read (read receipts). */
  readers: protectedProcedure
    .meta(rest('GET', '/chat/conversations/{conversationId}/readers', 'How far each member has read (read receipts).'))
    .input(conversationIdInput)
    .output(readersOutput)
    .query(serve(readers)),

  /** Reports someone else's message to the moderators. Reporting it again returns the first report. */
  report: protectedProcedure
    .meta(rest('POST', '/chat/messages/{messageId}/reports', 'Reports someone else\'s message to the moderators.'))
    .input(reportInput)
    .output(reportResult)
    .mutation(serve(reportMessage)),
};
