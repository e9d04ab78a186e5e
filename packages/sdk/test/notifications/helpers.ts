import { randomUUID } from 'node:crypto';
import { sql } from '@rapport/db';
import { expect } from 'vitest';
import type { RouterInputs, RouterOutputs } from '../../src/index';
import type { TestServer, TestUser } from '../harness';
import type { Listener, StreamEvent } from '../realtime/listen';

export { allPages, block, hostActivity, signUp } from '../activities/helpers';
export { befriend, unchecked, unknownId } from '../connections/helpers';

export type ListInput = RouterInputs['community']['notifications']['list'];
export type NotificationView = RouterOutputs['community']['notifications']['list']['items'][number];
export type NotificationType = NotificationView['type'];
export type Event = StreamEvent['data'];
export type NotificationEvent = Extract<Event, { type: 'notification.created' | 'notification.updated' | 'notifications.read' }>;

/** Every notification of `user`'s, newest first, walking the pages. */
export async function everyNotification(user: TestUser, input: Omit<ListInput, 'cursor' | 'limit'> = {}, limit = 100): Promise<NotificationView[]> {
  const all: NotificationView[] = [];
  let cursor: string | undefined;
  for (let guard = 0; guard < 1000; guard++) {
    const page = await user.api.community.notifications.list.query({ ...input, limit, cursor });
    expect(page.items.length).toBeLessThanOrEqual(limit);
    all.push(...page.items);
    if (page.nextCursor === null) return all;
    cursor = page.nextCursor;
  }
  throw new Error('pagination did not end');
}

/** `user`'s notifications of one type. */
export const notificationsOfType = async (user: TestUser, type: NotificationType) => (await everyNotification(user)).filter((n) => n.type === type);

export const unread = async (user: TestUser) => (await user.api.community.notifications.unreadCount.query()).unread;

/** The unread count the database keeps, beside a fresh count of the rows: they must agree. */
export async function countsOf(t: TestServer, userId: string): Promise<{ kept: number; rows: number }> {
  const result: unknown = await t.server.deps.db.execute(
    sql`select coalesce((select unread from notification_counts where user_id = ${userId}), 0)::int as kept,
      (select count(*) from notifications where user_id = ${userId} and read_at is null)::int as rows`,
  );
  const rows = Array.isArray(result) ? result : (result as { rows: unknown[] }).rows;
  const [row] = rows as { kept: number; rows: number }[];
  if (!row) throw new Error('no counts row');
  return { kept: Number(row.kept), rows: Number(row.rows) };
}

const isNotificationEvent = (e: Event): e is NotificationEvent =>
  e.type === 'notification.created' || e.type === 'notification.updated' || e.type === 'notifications.read';

/** What `listener` heard of notifications, in arrival order. */
export const notificationEvents = (listener: Listener) => listener.events.filter(isNotificationEvent);

/** Waits until `listener` has heard `count` notification events. */
export const untilNotificationEvents = (listener: Listener, count: number) =>
  listener.until((events) => events.filter(isNotificationEvent).length >= count);

/** Another device: a second client signed in as the same user. */
export async function anotherDevice(t: TestServer, user: TestUser): Promise<TestUser> {
  const client = t.anonymous();
  await client.api.auth.signIn.mutate({ email: user.email, password: user.password });
  return { ...user, client, api: client.api };
}

/** A circle `owner` creates and `members` join: for the feed's notifications (replies, reactions). */
export async function circleWith(owner: TestUser, members: TestUser[]) {
  const circle = await owner.api.community.circles.create.mutate({
    name: `Walkers ${randomUUID().slice(0, 6)}`,
    category: 'Wellness',
    color: '#336699',
    clientKey: randomUUID(),
  });
  await Promise.all(members.map((m) => m.api.community.circles.join.mutate({ circleId: circle.id })));
  return circle;
}

export const post = (author: TestUser, circleId: string, body = 'Morning walk at 7?') =>
  author.api.community.circles.posts.create.mutate({ circleId, clientKey: randomUUID(), body });
