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
import { groupProcedures } from './groups';
import { messageProcedures } from './messages';

export const chatRouter = router({
  ...groupProcedures,
  ...messageProcedures,
  /** The direct conversation with another user, created on first open. */
  openDirect: protectedProcedure
    .input(openDirectInput)
    .output(conversationView)
    .mutation(({ ctx, input }) => openDirect(ctx.deps.db, ctx.actor, input, { events: ctx.deps.events })),

  get: protectedProcedure
    .input(conversationIdInput)
    .output(conversationView)
    .query(({ ctx, input }) => getConversation(ctx.deps.db, ctx.actor, input)),

  /** My conversations, latest activity first; archived ones only when asked for. */
  list: protectedProcedure
    .input(listConversationsInput)
    .output(pageOutput(conversationView))
    .query(({ ctx, input }) => listConversations(ctx.deps.db, ctx.actor, input)),

  /** Sends a message. Retrying with the same clientKey returns the first message, never a second one. */
  send: protectedProcedure
    .input(sendInput)
    .output(messageView)
    .mutation(({ ctx, input }) => sendMessage(ctx.deps.db, ctx.actor, input, { events: ctx.deps.events, limiter: ctx.deps.sendLimiter })),

  /** "I am typing": shown to the other members until it expires (send it again every few seconds). */
  typing: protectedProcedure
    .input(conversationIdInput)
    .output(typingResult)
    .mutation(({ ctx, input }) => signalTyping(ctx.deps.db, ctx.actor, input, { typing: ctx.deps.typingSignals, events: ctx.deps.events })),
});
