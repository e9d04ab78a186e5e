import { and, eq, notificationPreferences, sql, type Database } from '@rapport/db';
import type { Actor } from '../../domain/sessions';
import {
  NOTIFICATION_TYPES,
  type NotificationPreference,
  type NotificationPreferences,
  type SetNotificationPreferenceInput,
} from '../../schemas/notifications';

/** Every type, muted or not: a type I never set is not muted. */
export async function getPreferences(db: Database, actor: Actor): Promise<NotificationPreferences> {
  const rows = await db
    .select({ type: notificationPreferences.type })
    .from(notificationPreferences)
    .where(and(eq(notificationPreferences.userId, actor.userId), eq(notificationPreferences.muted, true)));
  const muted = new Set<string>(rows.map((r) => r.type));
  return { preferences: NOTIFICATION_TYPES.map((type) => ({ type, muted: muted.has(type) })) };
}

/**
 * Mutes or unmutes one type. A muted type is not written at all (notify
 * skips it), so unmuting brings the next ones, not the ones missed.
 */
export async function setPreference(db: Database, actor: Actor, input: SetNotificationPreferenceInput): Promise<NotificationPreference> {
  await db
    .insert(notificationPreferences)
    .values({ userId: actor.userId, type: input.type, muted: input.muted })
    .onConflictDoUpdate({ target: [notificationPreferences.userId, notificationPreferences.type], set: { muted: input.muted, updatedAt: sql`now()` } });
  return { type: input.type, muted: input.muted };
}
