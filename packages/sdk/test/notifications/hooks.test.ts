import { sql } from '@rapport/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { group } from '../chat/groups/helpers';
import { rejectionOf } from '../expect-error';
import { startTestServer, type TestServer, type TestUser } from '../harness';
import { invite } from '../invitations/helpers';
import { family, parentRequestFor, requestFor, tutorWithPackage } from '../session-requests/requests/helpers';
import { makeStudent } from '../session-requests/setup';
import { countsOf, everyNotification, hostActivity, unread, type NotificationView } from './helpers';

// Each change that concerns someone else writes exactly one notification, to
// that person, in the change's own transaction: the actor gets none, and a
// change that fails leaves none behind.

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t.close();
});

/** The one notification `user` has; fails if there are none or several. */
async function onlyNotification(user: TestUser): Promise<NotificationView> {
  const all = await everyNotification(user);
  expect(all.map((n) => n.type)).toHaveLength(1);
  const [only] = all;
  if (!only) throw new Error('no notification');
  expect(await unread(user)).toBe(1);
  return only;
}

const actorsOf = (n: NotificationView) => n.actors.map((a) => a.id);

describe('connections', () => {
  it('a friend request notifies the addressee, linking to the requests', async () => {
    const [ann, bob] = await Promise.all([t.user('Ann'), t.user('Bob')]);
    await ann.api.connections.create.mutate({ targetUserId: bob.id, type: 'friend', message: 'We met at the run.' });
    const n = await onlyNotification(bob);
    expect(n).toMatchObject({
      type: 'friend_request',
      priority: 'high',
      title: 'Ann sent you a friend request',
      description: 'We met at the run.',
      actionText: 'View request',
      link: '/connections/requests',
      actorCount: 1,
      read: false,
    });
    expect(n.actors).toEqual([{ id: ann.id, name: 'Ann', avatarUrl: null }]);
    expect(await everyNotification(ann)).toEqual([]);
    // A retry of the same request changes nothing, so it notifies nobody again.
    await ann.api.connections.create.mutate({ targetUserId: bob.id, type: 'friend' });
    expect(await everyNotification(bob)).toHaveLength(1);
  });

  it('an accepted request notifies the requester, linking to the accepter', async () => {
    const [ann, bob] = await Promise.all([t.user('Ann'), t.user('Bob')]);
    const request = await ann.api.connections.create.mutate({ targetUserId: bob.id, type: 'friend' });
    await bob.api.connections.respond.mutate({ connectionId: request.id, status: 'accepted' });
    const n = await onlyNotification(ann);
    expect(n).toMatchObject({ type: 'friend_accepted', title: 'Bob accepted your friend request', link: `/users/${bob.id}` });
    expect(actorsOf(n)).toEqual([bob.id]);
    expect((await everyNotification(bob)).map((x) => x.type)).toEqual(['friend_request']);
  });

  it('crossing requests: the second one accepts the first, and its sender hears so', async () => {
    const [ann, bob] = await Promise.all([t.user('Ann'), t.user('Bob')]);
    await ann.api.connections.create.mutate({ targetUserId: bob.id, type: 'friend' });
    await bob.api.connections.create.mutate({ targetUserId: ann.id, type: 'friend' });
    expect((await onlyNotification(ann)).type).toBe('friend_accepted');
  });

  it('a declined request, a follow and a block notify nobody', async () => {
    const [ann, bob, cy] = await Promise.all([t.user('Ann'), t.user('Bob'), t.user('Cy')]);
    const request = await ann.api.connections.create.mutate({ targetUserId: bob.id, type: 'friend' });
    await bob.api.connections.respond.mutate({ connectionId: request.id, status: 'rejected' });
    await cy.api.connections.create.mutate({ targetUserId: ann.id, type: 'follow' });
    await cy.api.connections.create.mutate({ targetUserId: bob.id, type: 'block' });
    expect(await everyNotification(ann)).toEqual([]);
    expect((await everyNotification(bob)).map((n) => n.type)).toEqual(['friend_request']);
  });
});

describe('invitations', () => {
  it('an invitation notifies its recipient; the answer notifies the sender; a cancel nobody', async () => {
    const [host, guest, other] = await Promise.all([t.user('Hana'), t.user('Gus'), t.user('Olga')]);
    const activity = await hostActivity(host, { title: 'Sunday run' });
    const invitation = await invite(host, guest, activity.id);
    const received = await onlyNotification(guest);
    expect(received).toMatchObject({
      type: 'invitation_received',
      priority: 'high',
      title: 'Hana invited you to Sunday run',
      description: "Come along, it's an easy pace!",
      link: `/invitations/${invitation.id}`,
    });
    expect(actorsOf(received)).toEqual([host.id]);

    await guest.api.invitations.accept.mutate({ invitationId: invitation.id });
    const answered = await onlyNotification(host);
    expect(answered).toMatchObject({ type: 'invitation_answered', title: 'Gus accepted your invitation to Sunday run', link: `/invitations/${invitation.id}` });
    // Accepting again changes nothing.
    await guest.api.invitations.accept.mutate({ invitationId: invitation.id });
    expect(await everyNotification(host)).toHaveLength(1);

    const declined = await invite(host, other, activity.id);
    await other.api.invitations.decline.mutate({ invitationId: declined.id, reason: 'Away that weekend' });
    const [latest] = await everyNotification(host);
    expect(latest).toMatchObject({ type: 'invitation_answered', title: 'Olga declined your invitation to Sunday run', description: 'Away that weekend' });

    const third = await t.user('Theo');
    const cancelled = await invite(host, third, activity.id);
    await host.api.invitations.cancel.mutate({ invitationId: cancelled.id });
    expect((await everyNotification(third)).map((n) => n.type)).toEqual(['invitation_received']);
    expect(await everyNotification(host)).toHaveLength(2);
  });
});

describe('session requests', () => {
  it('a request notifies the tutor; the answer notifies the requester', async () => {
    const [{ tutor, pkg }, student] = await Promise.all([tutorWithPackage(t, {}, 'Tina'), makeStudent(t, 'Sam')]);
    const request = await student.api.sessionRequests.create.mutate(requestFor(tutor, pkg));
    const received = await onlyNotification(tutor);
    expect(received).toMatchObject({
      type: 'session_request_received',
      title: 'Sam requested Algebra, eight weeks',
      link: `/session-requests/${request.id}`,
    });
    expect(actorsOf(received)).toEqual([student.id]);
    expect(await everyNotification(student)).toEqual([]);

    await tutor.api.sessionRequests.accept.mutate({ requestId: request.id });
    const answered = await onlyNotification(student);
    expect(answered).toMatchObject({
      type: 'session_request_answered',
      title: 'Tina accepted your request for Algebra, eight weeks',
      link: `/session-requests/${request.id}`,
    });
    expect(await everyNotification(tutor)).toHaveLength(1);
  });

  it("a parent's request for a child names the child; a decline carries its reason; a cancel tells nobody", async () => {
    const [{ tutor, pkg }, { parent, child }] = await Promise.all([tutorWithPackage(t, {}, 'Tom'), family(t, 'Paula', 'Carl')]);
    const request = await parent.api.sessionRequests.create.mutate(parentRequestFor(tutor, pkg, child));
    expect(await onlyNotification(tutor)).toMatchObject({
      title: 'Paula requested Algebra, eight weeks',
      description: 'Paula would like sessions for Carl. Accept or decline the request.',
    });
    await tutor.api.sessionRequests.reject.mutate({ requestId: request.id, reason: 'Fully booked this term' });
    expect(await onlyNotification(parent)).toMatchObject({
      type: 'session_request_answered',
      title: 'Tom declined your request for Algebra, eight weeks',
      description: 'Fully booked this term',
    });

    const again = await parent.api.sessionRequests.create.mutate(parentRequestFor(tutor, pkg, child));
    await parent.api.sessionRequests.cancel.mutate({ requestId: again.id });
    expect(await everyNotification(tutor)).toHaveLength(2);
    expect(await everyNotification(parent)).toHaveLength(1);
  });
});

describe('group chats', () => {
  it('a member removed by someone else is told, with a link to the conversation; one who leaves is not', async () => {
    const [owner, bob, cy] = await Promise.all([t.user('Olive'), t.user('Bob'), t.user('Cy')]);
    const g = await group(owner, [bob, cy], 'Book club');
    await owner.api.chat.removeMember.mutate({ conversationId: g.id, userId: bob.id });
    expect(await onlyNotification(bob)).toMatchObject({
      type: 'removed_from_group',
      title: 'Olive removed you from Book club',
      link: `/chat/${g.id}`,
    });
    await cy.api.chat.leave.mutate({ conversationId: g.id });
    expect(await everyNotification(cy)).toEqual([]);
    expect(await everyNotification(owner)).toEqual([]);
  });
});

describe('activities', () => {
  it('the first in line, seated when a seat frees, is told; nobody else is', async () => {
    const [host, first, waiting, later] = await Promise.all([t.user('Hana'), t.user('Fay'), t.user('Wes'), t.user('Lou')]);
    const activity = await hostActivity(host, { title: 'Climbing', capacity: 2 });
    await first.api.invitations.activities.join.mutate({ activityId: activity.id });
    await waiting.api.invitations.activities.join.mutate({ activityId: activity.id });
    await later.api.invitations.activities.join.mutate({ activityId: activity.id });
    await first.api.invitations.activities.leave.mutate({ activityId: activity.id });
    const n = await onlyNotification(waiting);
    expect(n).toMatchObject({
      type: 'waitlist_promoted',
      priority: 'high',
      title: 'You have a seat at Climbing',
      link: `/activities/${activity.id}`,
      actors: [],
      actorCount: 1,
    });
    expect(await everyNotification(later)).toEqual([]);
    expect(await everyNotification(host)).toEqual([]);
    expect(await everyNotification(first)).toEqual([]);

    // A capacity increase seats the line at once, and tells each one seated.
    await host.api.invitations.activities.update.mutate({ activityId: activity.id, capacity: 5 });
    expect((await onlyNotification(later)).type).toBe('waitlist_promoted');
  });
});

describe('one transaction', () => {
  // A notification that cannot be written fails the change that caused it:
  // the two commit together or not at all.
  async function failingNotificationsFor(userId: string): Promise<() => Promise<void>> {
    const db = t.server.deps.db;
    const name = `fail_${userId.replaceAll('-', '')}`;
    await db.execute(
      sql.raw(`create function ${name}() returns trigger language plpgsql as $$
        begin if new.user_id = '${userId}' then raise exception 'notifications refused for this test'; end if; return new; end $$`),
    );
    await db.execute(sql.raw(`create trigger ${name} before insert on notifications for each row execute function ${name}()`));
    return async () => {
      await db.execute(sql.raw(`drop trigger ${name} on notifications`));
      await db.execute(sql.raw(`drop function ${name}()`));
    };
  }

  it('a friend request whose notification fails is not made', async () => {
    const [ann, bob] = await Promise.all([t.user('Ann'), t.user('Bob')]);
    const restore = await failingNotificationsFor(bob.id);
    try {
      const error = await rejectionOf(ann.api.connections.create.mutate({ targetUserId: bob.id, type: 'friend' }));
      expect(error.data?.code).toBe('INTERNAL_SERVER_ERROR');
    } finally {
      await restore();
    }
    expect((await ann.api.connections.list.query({ type: 'friend', direction: 'outgoing', status: 'pending' })).items).toEqual([]);
    expect(await everyNotification(bob)).toEqual([]);
    expect(await countsOf(t, bob.id)).toEqual({ kept: 0, rows: 0 });
  });

  it('an invitation and a seat change whose notification fails are not made', async () => {
    const [host, guest, waiting] = await Promise.all([t.user('Hana'), t.user('Gus'), t.user('Wes')]);
    const activity = await hostActivity(host, { capacity: 2 });
    const restore = await failingNotificationsFor(guest.id);
    const restoreWaiting = await failingNotificationsFor(waiting.id);
    try {
      await rejectionOf(invite(host, guest, activity.id));
      expect((await host.api.invitations.list.query({ box: 'sent' })).items).toEqual([]);

      await guest.api.invitations.activities.join.mutate({ activityId: activity.id });
      await waiting.api.invitations.activities.join.mutate({ activityId: activity.id });
      // Leaving would seat Wes, whose notification fails: Gus is still in, Wes still waiting.
      await rejectionOf(guest.api.invitations.activities.leave.mutate({ activityId: activity.id }));
      const after = await host.api.invitations.activities.get.query({ activityId: activity.id });
      expect({ participants: after.participantCount, waiting: after.waitlistCount }).toEqual({ participants: 2, waiting: 1 });
    } finally {
      await restore();
      await restoreWaiting();
    }
    expect(await everyNotification(guest)).toEqual([]);
    expect(await everyNotification(waiting)).toEqual([]);
  });
});
