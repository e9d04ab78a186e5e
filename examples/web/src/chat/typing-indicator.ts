/**
 * Who is typing where, from `typing` events. Each signal carries its own
 * lifetime; it is measured from when it arrived here (expiresAt − at), not
 * against the server's clock, so a skewed local clock cannot hide or pin it.
 * A sender's next message ends their indicator at once.
 */
export class TypingIndicator {
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(private readonly onChange: (conversationId: string) => void) {}

  show(conversationId: string, userId: string, at: string, expiresAt: string): void {
    const lifetime = Math.max(0, Date.parse(expiresAt) - Date.parse(at));
    const key = `${conversationId}:${userId}`;
    const previous = this.timers.get(key);
    if (previous !== undefined) clearTimeout(previous);
    this.timers.set(
      key,
      setTimeout(() => this.clear(conversationId, userId), lifetime),
    );
    if (previous === undefined) this.onChange(conversationId);
  }

  clear(conversationId: string, userId: string): void {
    const key = `${conversationId}:${userId}`;
    const timer = this.timers.get(key);
    if (timer === undefined) return;
    clearTimeout(timer);
    this.timers.delete(key);
    this.onChange(conversationId);
  }

  /** The ids of the users typing in this conversation now. */
  typing(conversationId: string): string[] {
    const prefix = `${conversationId}:`;
    return [...this.timers.keys()].filter((key) => key.startsWith(prefix)).map((key) => key.slice(prefix.length));
  }

  stop(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }
}
