import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { RouterInputs, RouterOutputs } from '../../src/index';
import type { TestServer, TestUser } from '../harness';
import type { Listener, StreamEvent } from '../realtime/listen';

type Inputs = RouterInputs['invitations']['activities'];
type Outputs = RouterOutputs['invitations']['activities'];

export type CreateInput = Inputs['create'];
export type UpdateInput = Inputs['update'];
export type SearchInput = Inputs['search'];
export type MineInput = Inputs['mine'];
export type ActivityView = Outputs['get'];
export type JoinResult = Outputs['join'];

export type Event = StreamEvent['data'];
export type ActivityEvent = Extract<
  Event,
  { type: 'activity.updated' | 'activity.cancelled' | 'activity.joined' | 'activity.left' | 'activity.promoted' }
>;

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** An ISO instant `ms` from now (negative for the past). */
export const fromNow = (ms: number) => new Date(Date.now() + ms).toISOString();
export const plus = (iso: string, ms: number) => new Date(Date.parse(iso) + ms).toISOString();

/**
 * A valid activity: two days from now, for two hours, ten seats, public.
 * `overrides` replace any field; an overridden start keeps the two hours.
 */
export function activityInput(overrides: Partial<CreateInput> = {}): CreateInput {
  const startsAt = overrides.startsAt ?? fromNow(2 * DAY);
  return {
    title: 'Sunday run, 8 km',
    locationLabel: 'Riverside park',
    startsAt,
    endsAt: plus(startsAt, 2 * HOUR),
    capacity: 10,
    ...overrides,
  };
}

/** `user` hosts a new activity (the defaults above with `overrides`). */
export function hostActivity(user: TestUser, overrides: Partial<CreateInput> = {}): Promise<ActivityView> {
  return user.api.invitations.activities.create.mutate(activityInput(overrides));
}

/** Signs up `count` users at once: each hashes a password, so in parallel is much faster. */
export function signUp(t: TestServer, count: number, prefix = 'Guest'): Promise<TestUser[]> {
  return Promise.all(Array.from({ length: count }, (_, i) => t.user(`${prefix} ${i + 1}`)));
}

export const block = (blocker: TestUser, blocked: TestUser) =>
  blocker.api.connections.create.mutate({ targetUserId: blocked.id, type: 'block' });

/** A tag no other test uses, so a search can be narrowed to one test's activities on a shared server. */
export const uniqueTag = (prefix = 't') => `${prefix}-${randomUUID().slice(0, 8)}`;

/** `users` join one after another, so their order in line is the order given. */
export async function joinInOrder(users: TestUser[], activityId: string): Promise<JoinResult[]> {
  const results: JoinResult[] = [];
  for (const user of users) results.push(await user.api.invitations.activities.join.mutate({ activityId }));
  return results;
}

interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/**
 * Every item of a keyset-paginated list, walking the pages from the first.
 * Fails if a page is larger than asked, a full page is followed by nothing
 * when more was promised, or the walk does not end (a cursor that loops).
 */
export async function allPages<T>(limit: number, fetchPage: (cursor: string | undefined) => Promise<Page<T>>): Promise<T[]> {
  const all: T[] = [];
  let cursor: string | undefined;
  for (let guard = 0; guard < 1000; guard++) {
    const page = await fetchPage(cursor);
    expect(page.items.length).toBeLessThanOrEqual(limit);
    all.push(...page.items);
    if (page.nextCursor === null) return all;
    expect(page.items.length).toBe(limit);
    cursor = page.nextCursor;
  }
  throw new Error('pagination did not end');
}

export const everyParticipant = (viewer: TestUser, activityId: string, limit = 100) =>
  allPages(limit, (cursor) => viewer.api.invitations.activities.participants.query({ activityId, limit, cursor }));

export const everyMine = (user: TestUser, input: Omit<MineInput, 'cursor' | 'limit'>, limit = 100) =>
  allPages(limit, (cursor) => user.api.invitations.activities.mine.query({ ...input, limit, cursor }));

export const everySearched = (user: TestUser, input: Omit<SearchInput, 'cursor' | 'limit'>, limit = 100) =>
  allPages(limit, (cursor) => user.api.invitations.activities.search.query({ ...input, limit, cursor }));

export const ids = (items: { id: string }[]) => items.map((i) => i.id);

const ACTIVITY_EVENT_TYPES: ReadonlySet<string> = new Set([
  'activity.updated',
  'activity.cancelled',
  'activity.joined',
  'activity.left',
  'activity.promoted',
]);

export const isActivityEvent = (e: Event): e is ActivityEvent => ACTIVITY_EVENT_TYPES.has(e.type);

/** The activity events `listener` has received about one activity, in arrival order. */
export const activityEvents = (listener: Listener, activityId: string): ActivityEvent[] =>
  listener.events.filter(isActivityEvent).filter((e) => e.activityId === activityId);

/** Waits until `listener` has received at least `count` activity events about the activity that `match`. */
export function untilActivityEvents(listener: Listener, activityId: string, count: number, match: (e: ActivityEvent) => boolean = () => true) {
  return listener.until(
    (events) =>
      events
        .filter(isActivityEvent)
        .filter((e) => e.activityId === activityId)
        .filter(match).length >= count,
  );
}

/**
 * Makes "nothing more arrived" mean something without a fixed sleep: a new
 * user follows each listener's user and we wait for each to hear of it. The
 * log is delivered in commit order and the follow commits after everything
 * the test did before, so once it has arrived every earlier event has too.
 */
export async function fence(t: TestServer, listeners: [TestUser, Listener][]): Promise<void> {
  const fencer = await t.user('Fence');
  await Promise.all(
    listeners.map(async ([user, listener]) => {
      await fencer.api.connections.create.mutate({ targetUserId: user.id, type: 'follow' });
      await listener.until((events) => events.some((e) => e.type === 'connection.followed' && e.fromUserId === fencer.id));
    }),
  );
}

/**
 * Waits until the clock has passed `iso` by `marginMs`. Whether an activity
 * has started or ended is decided by the time, and no event marks it, so
 * there is nothing to await but the clock.
 */
export async function untilPast(iso: string, marginMs = 200): Promise<void> {
  const wait = Date.parse(iso) + marginMs - Date.now();
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
}

/**
 * The host hears every joined, left and promoted event of their activity.
 * Replays them in arrival order (the log's order) as a history and checks
 * every step was allowed: nobody is seated past the capacity, a seat goes
 * straight to a joiner only when nobody waits, a joiner waits only when the
 * seats are full, and each promotion takes the head of the line. A leave and
 * the promotion it causes are one transaction, so their two events may come
 * in either order; the rule is checked between transactions, not inside one.
 * Returns who holds a seat and who waits, in order, at the end.
 */
export function replaySeats(events: ActivityEvent[], capacity: number, hostId: string) {
  const seated = new Set([hostId]);
  const line: string[] = [];
  const steps = events.filter((e) => e.type === 'activity.joined' || e.type === 'activity.left' || e.type === 'activity.promoted');
  steps.forEach((e, i) => {
    const where = `step ${i} (${e.type} ${e.userId})`;
    if (e.type === 'activity.joined') {
      if (e.status === 'participant') {
        expect(line, `${where}: seated while others waited`).toEqual([]);
        seated.add(e.userId);
      } else {
        expect(seated.size, `${where}: waitlisted while a seat was free`).toBe(capacity);
        line.push(e.userId);
      }
    } else if (e.type === 'activity.promoted') {
      expect(line[0], `${where}: promoted someone other than the first in line`).toBe(e.userId);
      line.shift();
      seated.add(e.userId);
    } else if (seated.has(e.userId)) {
      seated.delete(e.userId);
    } else {
      expect(line, `${where}: left without a seat or a place in line`).toContain(e.userId);
      line.splice(line.indexOf(e.userId), 1);
    }
    const next = steps[i + 1];
    const midTransaction =
      next !== undefined &&
      ((e.type === 'activity.left' && next.type === 'activity.promoted') || (e.type === 'activity.promoted' && next.type === 'activity.left'));
    if (!midTransaction) {
      expect(seated.size, `${where}: more seated than the capacity`).toBeLessThanOrEqual(capacity);
      if (seated.size < capacity) expect(line, `${where}: a seat is free while people wait`).toEqual([]);
    }
  });
  return { seated, line };
}

/** Degrees to kilometres along the surface of a sphere of the Earth's mean radius. */
export function greatCircleKm(a: { latitude: number; longitude: number }, b: { latitude: number; longitude: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.latitude - a.latitude) * rad;
  const dLon = (b.longitude - a.longitude) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.latitude * rad) * Math.cos(b.latitude * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371.0088 * Math.asin(Math.sqrt(h));
}

/** A point `km` north of `origin`. */
export const northOf = (origin: { latitude: number; longitude: number }, km: number) => ({
  latitude: origin.latitude + (km / (6371.0088 * Math.PI)) * 180,
  longitude: origin.longitude,
});
