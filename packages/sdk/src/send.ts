import type { TRPCClient } from '@trpc/client';
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import { backoffDelay, sleep, type BackoffOptions } from './backoff';
import { newClientKey } from './client-key';
import { retryAfterMs, retryVerdict } from './retry-policy';
import type { AppRouter } from './router';

/** A message as the server returns it. */
export type MessageView = inferRouterOutputs<AppRouter>['chat']['send'];
/** What a message says: text, image, file or location. */
export type MessageContent = inferRouterInputs<AppRouter>['chat']['send']['content'];

export interface SendMessageInput {
  conversationId: string;
  content: MessageContent;
  replyToId?: string;
  /** Your own key (see newClientKey) if you need it before the send resolves, e.g. to show a pending copy. */
  clientKey?: string;
}

export interface SendMessageOptions {
  /** How many tries in all before giving up with the last error; 5 by default. */
  attempts?: number;
  /** Stops retrying. A send already on its way may still arrive: retrying with its key is safe. */
  signal?: AbortSignal;
}

export interface RapportChat {
  /**
   * Sends a message with a fresh client key and, when the network or the
   * server fails (offline, 5xx, TOO_MANY_REQUESTS after the wait it names),
   * tries again with the same key, so a lost response never makes a second
   * message. A refused send (BAD_REQUEST, FORBIDDEN, NOT_FOUND) fails at once.
   */
  send(input: SendMessageInput, options?: SendMessageOptions): Promise<MessageView>;
}

const DEFAULT_ATTEMPTS = 5;

export function createChat(deps: { api: TRPCClient<AppRouter>; backoff: BackoffOptions }): RapportChat {
  return {
    async send(input, options = {}) {
      const { clientKey = newClientKey(), ...message } = input;
      const attempts = Math.max(1, options.attempts ?? DEFAULT_ATTEMPTS);
      const { signal } = options;
      for (let attempt = 0; ; attempt++) {
        try {
          return await deps.api.chat.send.mutate({ ...message, clientKey }, { signal });
        } catch (error) {
          if (signal?.aborted || attempt + 1 >= attempts || retryVerdict(error) !== 'retry') throw error;
          await sleep(Math.max(backoffDelay(attempt, deps.backoff), retryAfterMs(error)), signal);
          if (signal?.aborted) throw error;
        }
      }
    },
  };
}
