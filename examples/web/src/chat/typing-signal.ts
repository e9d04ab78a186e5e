import type { RapportClient } from '@rapport/sdk';

/**
 * A signal lasts 6 s on the other side (the server's typingTtlMs); sending
 * one every 2.5 s while keys are pressed keeps the indicator on without a gap
 * and without a call per keystroke.
 */
const RESEND_MS = 2500;

/** Tells the other members "I am typing" while the user types, at a bounded rate. */
export class TypingSignal {
  private lastSent = new Map<string, number>();

  constructor(private readonly api: RapportClient['api']) {}

  /** Call on every input event of the composer. */
  typed(conversationId: string): void {
    const now = Date.now();
    const last = this.lastSent.get(conversationId);
    if (last !== undefined && now - last < RESEND_MS) return;
    this.lastSent.set(conversationId, now);
    // Typing is a courtesy: a failed signal (offline) is not worth an error on screen.
    this.api.chat.typing.mutate({ conversationId }).catch(() => this.lastSent.delete(conversationId));
  }

  /** After a send: the message itself ends the indicator, and the next keystroke starts a new one at once. */
  sent(conversationId: string): void {
    this.lastSent.delete(conversationId);
  }
}
