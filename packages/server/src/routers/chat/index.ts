import { z } from 'zod';
import { pageInput, pageOutput, timeIdCursor } from '../../pagination';
import { conversationView, messageContentInput, messageView } from '../../schemas/chat';
import { clientKeyInput } from '../../schemas/client-key';
import { conversationFor, listConversations } from '../../services/chat/conversation-view';
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
    .input(z.object({ userId: z.uuid() }))
    .output(conversationView)
    .mutation(({ ctx, input }) => openDirect(ctx.deps, ctx.actor, input)),

  get: protectedProcedure
    .input(z.object({ conversationId: z.uuid() }))
    .output(conversationView)
    .query(({ ctx, input }) => conversationFor(ctx.deps.db, input.conversationId, ctx.actor.userId)),

  /** My conversations, latest activity first; archived ones only when asked for. */
  list: protectedProcedure
    .input(z.object({ archived: z.boolean().default(false), ...pageInput(timeIdCursor) }).default({ archived: false, limit: 20 }))
    .output(pageOutput(conversationView))
    .query(({ ctx, input }) => listConversations(ctx.deps.db, ctx.actor.userId, input)),

  /** Sends a message. Retrying with the same clientKey returns the first message, never a second one. */
  send: protectedProcedure
    .input(
      z.object({
        conversationId: z.uuid(),
        clientKey: clientKeyInput,
        content: messageContentInput,
        replyToId: z.uuid().optional(),
      }),
    )
    .output(messageView)
    .mutation(({ ctx, input }) => sendMessage(ctx.deps, ctx.actor, input)),

  /** "I am typing": shown to the other members until it expires (send it again every few seconds). */
  typing: protectedProcedure
    .input(z.object({ conversationId: z.uuid() }))
    .output(z.object({ expiresAt: z.iso.datetime() }))
    .mutation(({ ctx, input }) => signalTyping(ctx.deps, ctx.actor, input)),
});
