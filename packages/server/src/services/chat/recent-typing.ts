/**
 * The typing signal each user last sent per conversation, so repeats within a
 * second are not broadcast again. It never stands in for the membership check.
 * Entries outlive their expiry by nothing: once the map is large, expired ones
 * are dropped.
 */
export class RecentTyping {
  private readonly sent = new Map<string, { sentAt: number; expiresAt: string }>();

  get(key: string): { sentAt: number; expiresAt: string } | undefined {
    return this.sent.get(key);
  }

  set(key: string, value: { sentAt: number; expiresAt: string }): void {
    this.sent.set(key, value);
    if (this.sent.size > 10_000) {
      const now = Date.now();
      for (const [k, v] of this.sent) if (Date.parse(v.expiresAt) <= now) this.sent.delete(k);
    }
  }
}
