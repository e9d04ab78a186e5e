import type { RapportClient } from '@rapport/sdk';

/**
 * Read state per conversation: how far the others have read (to mark my
 * messages "read") and how far I have (so markRead is sent only when it moves
 * the watermark). Both only move forward, like the server's, so a replayed or
 * late `read.updated` event, or a `readers` answer that crossed one, can never
 * move them back.
 */
export class ReadReceipts {
  private readonly theirs = new Map<string, number>();
  private readonly mine = new Map<string, number>();
  private readonly wanted = new Map<string, number>();
  private readonly sending = new Set<string>();

  constructor(
    private readonly api: RapportClient['api'],
    private readonly userId: string,
    private readonly onChange: (conversationId: string) => void,
  ) {}

  /** Reads every member's watermark, e.g. when a conversation is opened. */
  async load(conversationId: string): Promise<void> {
    const readers = await this.api.chat.readers.query({ conversationId });
    for (const reader of readers) this.update(conversationId, reader.userId, reader.lastReadSeq);
  }

  /** From a `read.updated` event, or a readers answer. */
  update(conversationId: string, userId: string, lastReadSeq: number): void {
    const map = userId === this.userId ? this.mine : this.theirs;
    if ((map.get(conversationId) ?? 0) >= lastReadSeq) return;
    map.set(conversationId, lastReadSeq);
    if (map === this.theirs) this.onChange(conversationId);
  }

  /** The furthest any other member has read. */
  othersReadUpTo(conversationId: string): number {
    return this.theirs.get(conversationId) ?? 0;
  }

  /** Marks the conversation read up to `seq`; one call at a time per conversation, the latest wish sent after it. */
  markRead(conversationId: string, seq: number): void {
    if (seq <= (this.mine.get(conversationId) ?? 0) || seq <= (this.wanted.get(conversationId) ?? 0)) return;
    this.wanted.set(conversationId, seq);
    void this.send(conversationId);
  }

  private async send(conversationId: string): Promise<void> {
    if (this.sending.has(conversationId)) return;
    this.sending.add(conversationId);
    try {
      // Asked again for a later seq while a call was out: send that one too.
      for (;;) {
        const seq = this.wanted.get(conversationId) ?? 0;
        const state = await this.api.chat.markRead.mutate({ conversationId, seq });
        this.update(conversationId, this.userId, state.lastReadSeq);
        if ((this.wanted.get(conversationId) ?? 0) <= seq) break;
      }
    } catch {
      // Offline or refused: the next message, or opening the chat again, asks again.
      this.wanted.delete(conversationId);
    } finally {
      this.sending.delete(conversationId);
    }
  }
}
