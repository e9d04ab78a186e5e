import type { Database } from '@rapport/db';
import { recordActiveDay } from '../../domain/streaks';
import { LIMITS } from '../../limits';

/**
 * The streak's record of activity: any signed-in call makes its user active
 * that day (in their time zone). This instance notes, per user, when the day
 * it last recorded ends, so a user costs one write a day per instance, not
 * one per call; the write itself is idempotent, so several instances (or two
 * racing first calls) change the streak once.
 *
 * A time zone changed during the day takes effect when the noted day ends.
 */
export class ActiveDays {
  private readonly recordedUntil = new Map<string, number>();

  async record(db: Database, userId: string): Promise<void> {
    const until = this.recordedUntil.get(userId);
    if (until !== undefined && Date.now() < until) return;
    const dayEnds = await recordActiveDay(db, userId);
    this.recordedUntil.delete(userId);
    this.recordedUntil.set(userId, dayEnds);
    if (this.recordedUntil.size > LIMITS.activeDaysKept) this.sweep();
  }

  /** Forgets what was noted, so the user's next call records again: for tests that move a streak's days. */
  forget(userId: string): void {
    this.recordedUntil.delete(userId);
  }

  /** Drops the days that have ended, then, if still too many, the oldest notes (a user dropped is recorded again, harmlessly). */
  private sweep(): void {
    const now = Date.now();
    for (const [userId, until] of this.recordedUntil) if (until <= now) this.recordedUntil.delete(userId);
    for (const userId of this.recordedUntil.keys()) {
      if (this.recordedUntil.size <= LIMITS.activeDaysKept * 0.9) break;
      this.recordedUntil.delete(userId);
    }
  }
}
