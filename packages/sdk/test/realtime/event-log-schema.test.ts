import { randomUUID } from 'node:crypto';
import { circlePosts, events } from '@rapport/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DURABLE_TYPES, INTERNAL_TYPES, storedPayloadSchema } from '../../../server/src/domain/events/definitions';
import { readLog } from '../../../server/src/realtime/log-reader';
import { START } from '../../../server/src/realtime/position';
import { rapportEvent } from '../../../server/src/schemas/events';
import { endActivity } from '../activities/time-travel';
import { startTestServer, type TestServer } from '../harness';
import { makeStudent } from '../session-requests/setup';
import { block, family, requestFor, tutorWithPackage } from '../session-requests/requests/helpers';

// Every event type is written by one of two typed writers (a transaction's
// appendEvents, a single statement's logEvents). This drives every procedure
// that logs, then holds what reached the log to the schema the SDK receives:
// each stored payload has exactly the keys its type stores, and each row read
// back becomes an event that `rapportEvent` accepts. A new type with no case
// here fails the coverage check, so it cannot ship unexamined.

let t: TestServer;

beforeAll(async () => {
  t = await startTestServer();
  const [ann, bob, cat, dan] = await Promise.all([t.user('Ann'), t.user('Bob'), t.user('Cat'), t.user('Dan')]);

  // Connections: follow, a friend request and its acceptance, a block and its lifting.
  await ann.api.connections.create.mutate({ targetUserId: dan.id, type: 'follow' });
  const request = await ann.api.connections.create.mutate({ targetUserId: bob.id, type: 'friend', message: 'Hi Bob' });
  await bob.api.connections.respond.mutate({ connectionId: request.id, status: 'accepted' });
  const blocking = await cat.api.connections.create.mutate({ targetUserId: dan.id, type: 'block' });
  await cat.api.connections.remove.mutate({ connectionId: blocking.id });

  // Messages, edited, reacted to and unreacted, read and deleted.
  const direct = await ann.api.chat.openDirect.mutate({ userId: bob.id });
  const sent = await ann.api.chat.send.mutate({ conversationId: direct.id, clientKey: randomUUID(), content: { kind: 'text', body: 'Hello' } });
  await ann.api.chat.edit.mutate({ messageId: sent.id, body: 'Hello, Bob' });
  await bob.api.chat.react.mutate({ messageId: sent.id, emoji: '👍' });
  await bob.api.chat.unreact.mutate({ messageId: sent.id, emoji: '👍' });
  await bob.api.chat.markRead.mutate({ conversationId: direct.id, seq: sent.seq });
  await ann.api.chat.delete.mutate({ messageId: sent.id });

  // A group through its whole life.
  const club = await ann.api.chat.createGroup.mutate({ title: 'Book club', memberIds: [bob.id] });
  await ann.api.chat.updateGroup.mutate({ conversationId: club.id, title: 'Reading club' });
  await ann.api.chat.addMembers.mutate({ conversationId: club.id, userIds: [cat.id, dan.id] });
  await ann.api.chat.setRole.mutate({ conversationId: club.id, userId: bob.id, role: 'admin' });
  await ann.api.chat.removeMember.mutate({ conversationId: club.id, userId: dan.id });
  await cat.api.chat.leave.mutate({ conversationId: club.id });
  await ann.api.chat.transferOwnership.mutate({ conversationId: club.id, userId: bob.id });

  // Session requests and a family link.
  const [{ tutor, pkg }, student] = await Promise.all([tutorWithPackage(t), makeStudent(t, 'Sam Student')]);
  const booked = await student.api.sessionRequests.create.mutate(requestFor(tutor, pkg));
  await tutor.api.sessionRequests.accept.mutate({ requestId: booked.id });
  await family(t);

  // An activity: joined, full with a line, a seat freed and given, changed, called off.
  const soon = Date.now() + 86_400_000;
  const run = await ann.api.invitations.activities.create.mutate({
    title: 'Sunday run',
    locationLabel: 'Riverside park',
    startsAt: new Date(soon).toISOString(),
    endsAt: new Date(soon + 3_600_000).toISOString(),
    capacity: 2,
  });
  await bob.api.invitations.activities.join.mutate({ activityId: run.id });
  const invitation = await bob.api.invitations.send.mutate({ activityId: run.id, recipientId: cat.id, question: 'Road or trail?' });
  await cat.api.invitations.accept.mutate({ invitationId: invitation.id });
  await bob.api.invitations.activities.leave.mutate({ activityId: run.id });
  await ann.api.invitations.activities.update.mutate({ activityId: run.id, locationLabel: 'Riverside park, north gate' });
  // Another that took place, and a rating after it.
  const walk = await ann.api.invitations.activities.create.mutate({
    title: 'Evening walk',
    locationLabel: 'Old town',
    startsAt: new Date(soon).toISOString(),
    endsAt: new Date(soon + 3_600_000).toISOString(),
    capacity: 3,
  });
  await dan.api.invitations.activities.join.mutate({ activityId: walk.id });
  await endActivity(t, walk.id);
  await dan.api.invitations.ratings.rate.mutate({ activityId: walk.id, userId: ann.id, score: 5, comment: 'Great guide' });
  await ann.api.invitations.activities.cancel.mutate({ activityId: run.id, reason: 'Storm warning' });
  // A circle's feed: a post edited, reacted to and unreacted; another deleted
  // (written in SQL: a deleted post's own circle.post.created is dropped by
  // the reader, by design, and this test wants every row read back).
  const feed = await ann.api.community.circles.create.mutate({ name: 'Event feed', category: 'Social', color: '#39ccb7', clientKey: randomUUID() });
  await bob.api.community.circles.join.mutate({ circleId: feed.id });
  const post = await bob.api.community.circles.posts.create.mutate({ circleId: feed.id, clientKey: randomUUID(), body: 'First post' });
  await bob.api.community.circles.posts.edit.mutate({ postId: post.id, body: 'First post, edited' });
  await ann.api.community.circles.posts.react.mutate({ postId: post.id, emoji: '🙌' });
  await ann.api.community.circles.posts.unreact.mutate({ postId: post.id, emoji: '🙌' });
  const [doomed] = await t.server.database.db
    .insert(circlePosts)
    .values({ circleId: feed.id, authorId: bob.id, body: 'Soon gone' })
    .returning({ id: circlePosts.id });
  if (doomed) await ann.api.community.circles.posts.delete.mutate({ postId: doomed.id });
  // Notifications: every change above that concerns someone notified them
  // (notification.created); another reaction to Bob's post groups into his
  // unread one (notification.updated); he reads them all (notifications.read).
  await cat.api.community.circles.join.mutate({ circleId: feed.id });
  await cat.api.community.circles.posts.react.mutate({ postId: post.id, emoji: '🎉' });
  await bob.api.community.notifications.markAllRead.mutate();
  // A circle's members and roles: a moderator named, the circle renamed,
  // archived and restored, handed over, a member removed and another leaving.
  const walkers = await ann.api.community.circles.create.mutate({ name: 'Walkers', category: 'Fitness', color: '#112233', clientKey: randomUUID() });
  await bob.api.community.circles.join.mutate({ circleId: walkers.id });
  await cat.api.community.circles.join.mutate({ circleId: walkers.id });
  await ann.api.community.circles.setRole.mutate({ circleId: walkers.id, userId: bob.id, role: 'moderator' });
  await bob.api.community.circles.update.mutate({ circleId: walkers.id, name: 'Night walkers', imageUrl: 'https://img.example/w.png' });
  await bob.api.community.circles.archive.mutate({ circleId: walkers.id });
  await ann.api.community.circles.restore.mutate({ circleId: walkers.id });
  await ann.api.community.circles.transferOwnership.mutate({ circleId: walkers.id, userId: bob.id });
  await bob.api.community.circles.removeMember.mutate({ circleId: walkers.id, userId: cat.id });
  await ann.api.community.circles.leave.mutate({ circleId: walkers.id });
  await block(dan, ann);
});

afterAll(() => t.close());

const storedRows = () =>
  t.server.database.db.select({ type: events.type, payload: events.payload }).from(events).orderBy(events.xid, events.id);

describe('the event log against the event schema', () => {
  it('stores a payload of exactly the shape its type defines, for every row', async () => {
    const rows = await storedRows();
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      const schema = storedPayloadSchema(row.type);
      expect(schema, `a stored type no schema defines: ${row.type}`).not.toBeNull();
      const parsed = schema?.safeParse(row.payload);
      expect(parsed?.error?.issues ?? [], `${row.type} ${JSON.stringify(row.payload)}`).toEqual([]);
    }
  });

  it('has a case for every type the schema defines', async () => {
    const seen = new Set((await storedRows()).map((r) => r.type));
    expect([...DURABLE_TYPES, ...INTERNAL_TYPES].filter((type) => !seen.has(type))).toEqual([]);
  });

  it('reads every delivered row back as an event the SDK schema accepts', async () => {
    const entries = await readLog(t.server.database.db, { after: START, limit: 10_000 });
    const rows = await storedRows();
    expect(entries).toHaveLength(rows.length);
    for (const [i, entry] of entries.entries()) {
      const type = rows[i]?.type ?? '';
      if ((INTERNAL_TYPES as readonly string[]).includes(type)) {
        expect(entry.event, type).toBeNull();
        expect(entry.block?.type).toBe(type);
        continue;
      }
      // The one message deleted above still has its message.created and
      // message.edited rows; they are read as the tombstone it became.
      expect(entry.event, `${type} was dropped by the reader`).not.toBeNull();
      expect(rapportEvent.safeParse(entry.event).success, type).toBe(true);
      expect(entry.event?.type).toBe(type);
    }
  });
});
