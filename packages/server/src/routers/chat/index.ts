import { pageOutput } from '../../pagination';
import {
  conversationIdInput,
  conversationView,
  listConversationsInput,
  openDirectInput,
  typingResult,
} from '../../schemas/chat/conversations';
import { messageView, sendInput } from '../../schemas/chat/messages';
import { getConversation, listConversations } from '../../services/chat/conversation-view';
import { openDirect } from '../../services/chat/open-direct';
import { sendMessage } from '../../services/chat/send';
import { signalTyping } from '../../services/chat/typing';
import { protectedProcedure, router } from '../../trpc';
import { serve, serveWith, withEvents } from '../procedure';
import { groupProcedures } from './groups';
import { messageProcedures } from './messages';
import { restRoutes } from '../rest-route';

const rest = restRoutes('chat');

export const chatRouter = router({
  ...groupProcedures,
  ...messageProcedures,
  /** The direct conversation with another user, created on first open. */
  openDirect: protectedProcedure
    .meta(rest('POST', '/chat/direct', 'The direct conversation with another user, created on first open.'))
    .input(openDirectInput)
    .output(conversationView)
    .mutation(serveWith(openDirect, withEvents)),

  get: protectedProcedure
    .meta(rest('GET', '/chat/conversations/{conversationId}', 'One of my conversations.'))
    .input(conversationIdInput)
    .output(conversationView)
    .query(serve(getConversation)),

  /** My conversations, latest activity first; archived ones only when asked for. */
  list: protectedProcedure
    .meta(rest('GET', '/chat/conversations', 'My conversations, latest activity first; archived ones only when asked for.'))
    .input(listConversationsInput)
    .output(pageOutput(conversationView))
    .query(serve(listConversations)),

  /** Sends a message. Retrying with the same clientKey returns the first message, never a second one. */
  send: protectedProcedure
    .meta(rest('POST', '/chat/conversations/{conversationId}/messages', 'Sends a message; retrying with the same clientKey returns the first one.'))
    .input(sendInput)
    .output(messageView)
    .mutation(serveWith(sendMessage, (deps) => ({ ...withEvents(deps), limiter: deps.sendLimiter }))),

  /** "I am typing": shown to the other members until it expires (send it again every few seconds). */
  typing: protectedProcedure
    .meta(rest('POST', '/chat/conversations/{conversationId}/typing', '"I am typing", shown to the other members until it expires.'))
    .input(conversationIdInput)
    .output(typingResult)
    .mutation(serveWith(signalTyping, (deps) => ({ ...withEvents(deps), typing: deps.typingSignals }))),
});
