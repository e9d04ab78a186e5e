import { AppError } from '../../errors';
import { LIMITS } from '../../limits';

/**
 * A token bucket per user: a burst, then a steady rate (one limiter for chat
 * messages, another for circle posts). Kept in this process's
 * memory, so with several instances each allows the rate on its own (a shared
 * limiter needs a shared store such as Redis; see the README).
 */
export class SendRateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number; keys: Set<string> }>();

  constructor(
    private readonly burst: number,
    private readonly perSecond: number,
    /** What is being sent, for the refusal: "messages", "posts". */
    private readonly what = 'messages',
  ) {}

  /**
   * Charges one send. A client key already charged is free: retrying a send
   * is never what exhausts the limit.
   */
  take(userId: string, clientKey: string, now = Date.now()): void {
    const bucket = this.buckets.get(userId) ?? { tokens: this.burst, at: now, keys: new Set<string>() };
    if (bucket.keys.has(clientKey)) return;
    const tokens = Math.min(this.burst, bucket.tokens + ((now - bucket.at) / 1000) * this.perSecond);
    if (tokens < 1) {
      this.buckets.set(userId, { tokens, at: now, keys: bucket.keys });
      const wait = Math.ceil((1 - tokens) / this.perSecond);
      throw new AppError('TOO_MANY_REQUESTS', `You are sending ${this.what} too fast. Try again in ${wait} second${wait === 1 ? '' : 's'}.`, {
        retryAfterSeconds: wait,
      });
    }
    bucket.keys.add(clientKey);
    // Remember the burst's worth of recent keys, oldest forgotten first.
    if (bucket.keys.size > this.burst) bucket.keys.delete(bucket.keys.values().next().value ?? clientKey);
    this.buckets.set(userId, { tokens: tokens - 1, at: now, keys: bucket.keys });
    if (this.buckets.size > LIMITS.sendBucketsKept) this.forgetFull(now);
  }

  // Buckets that have refilled carry no information: drop them so the map
  // does not grow with every user who ever sent.
  private forgetFull(now: number): void {
    for (const [userId, bucket] of this.buckets) {
      if (bucket.tokens + ((now - bucket.at) / 1000) * this.perSecond >= this.burst) this.buckets.delete(userId);
    }
  }
}
