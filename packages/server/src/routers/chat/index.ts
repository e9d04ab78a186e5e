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

export const chatRouter = router({
  ...groupProcedures,
  ...messageProcedures,
  /** The direct conversation with another user, created on first open. */
  openDirect: protectedProcedure.input(openDirectInput).output(conversationView).mutation(serveWith(openDirect, withEvents)),

  get: protectedProcedure.input(conversationIdInput).output(conversationView).query(serve(getConversation)),

  /** My conversations, latest activity first; archived ones only when asked for. */
  list: protectedProcedure.input(listConversationsInput).output(pageOutput(conversationView)).query(serve(listConversations)),

  /** Sends a message. Retrying with the same clientKey returns the first message, never a second one. */
  send: protectedProcedure
    .input(sendInput)
    .output(messageView)
    .mutation(serveWith(sendMessage, (deps) => ({ ...withEvents(deps), limiter: deps.sendLimiter }))),

  /** "I am typing": shown to the other members until it expires (send it again every few seconds). */
  typing: protectedProcedure
    .input(conversationIdInput)
    .output(typingResult)
    .mutation(serveWith(signalTyping, (deps) => ({ ...withEvents(deps), typing: deps.typingSignals }))),
});
