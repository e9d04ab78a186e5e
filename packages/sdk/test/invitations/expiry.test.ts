import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError } from '../expect-error';
import { startTestServer, type TestServer, type TestUser } from '../harness';
import { listen, type Listener } from '../realtime/listen';
import { created, everyInvitation, fence, fromNow, hostActivity, invitationEventsOf, invite, untilPast, updated, type InvitationView } from './helpers';

/**
 * Nothing runs on a timer: an invitation lapses because the clock passed its
 * expiresAt, so these expire a few seconds from now and the tests wait for
 * the clock. There is no event to await instead; that is the point.
 */
const LEAD_MS = 3000;

let t: TestServer;
let host: TestUser;
let accepts: TestUser;
let declines: TestUser;
let cancelled: TestUser;
let untouched: TestUser;
let hostHears: Listener;
const hears = new Map<string, Listener>();
let activityId: string;
const sent = new Map<string, InvitationView>();

const sentTo = (user: TestUser): InvitationView => {
  const invitation = sent.get(user.id);
  if (invitation === undefined) throw new Error(`no invitation to ${user.name}`);
  return invitation;
};
const listenerOf = (user: TestUser): Listener => {
  const listener = hears.get(user.id);
  if (listener === undefined) throw new Error(`no listener for ${user.name}`);
  return listener;
};

beforeAll(async () => {
  t = await startTestServer();
  [host, accepts, declines, cancelled, untouched] = await Promise.all([
    t.user('Host'),
    t.user('Accepts'),
    t.user('Declines'),
    t.user('Cancelled'),
    t.user('Untouched'),
  ]);
  hostHears = listen(host);
  for (const user of [accepts, declines, cancelled, untouched]) hears.set(user.id, listen(user));
  const activity = await hostActivity(host, { visibility: 'invite_only' });
  activityId = activity.id;
  const expiresAt = fromNow(LEAD_MS);
  for (const user of [accepts, declines, cancelled, untouched]) sent.set(user.id, await invite(host, user, activity.id, { expiresAt }));
  // Everything above must have happened before the expiry, or the setup itself is wrong.
  expect(Date.now()).toBeLessThan(Date.parse(expiresAt));
  // Before it lapses it is pending, and the invitee sees it among their invitations to come.
  expect((await untouched.api.invitations.get.query({ invitationId: sentTo(untouched).id })).status).toBe('pending');
  await untilPast(expiresAt);
}, 60_000);
afterAll(async () => {
  for (const listener of [hostHears, ...hears.values()]) listener.stop();
  await t.close();
});

describe('once the expiry has passed, with no call made', () => {
  it('get shows it expired to both, and the stored expiry is unchanged', async () => {
    const invitation = sentTo(untouched);
    for (const viewer of [host, untouched]) {
      expect(await viewer.api.invitations.get.query({ invitationId: invitation.id })).toMatchObject({
        id: invitation.id,
        status: 'expired',
        expiresAt: invitation.expiresAt,
        respondedAt: null,
      });
    }
  });

  it("list counts it under 'expired' and leaves it out of 'pending', in both boxes", async () => {
    const all = [accepts, declines, cancelled, untouched].map((u) => sentTo(u).id);
    const received = await everyInvitation(untouched, { box: 'received', status: 'expired' });
    expect(received.map((i) => i.id)).toContain(sentTo(untouched).id);
    expect(received.every((i) => i.status === 'expired')).toBe(true);
    expect(await everyInvitation(untouched, { box: 'received', status: 'pending' })).toEqual([]);
    expect((await everyInvitation(untouched, { box: 'received' })).map((i) => i.status)).toEqual(['expired']);
    expect((await everyInvitation(host, { box: 'sent', status: 'expired' })).map((i) => i.id).sort()).toEqual(expect.arrayContaining(all.sort()));
    expect(await everyInvitation(host, { box: 'sent', status: 'pending' })).toEqual([]);
  });

  it("the lapsed invitation no longer lists the activity among the invitee's upcoming ones", async () => {
    expect(await untouched.api.invitations.activities.mine.query({ role: 'invited' })).toMatchObject({ items: [] });
  });
});

describe('answering a lapsed invitation', () => {
  type Answer = (invitationId: string) => Promise<unknown>;
  const cases: [string, () => TestUser, () => Answer][] = [
    ['accept', () => accepts, () => (invitationId) => accepts.api.invitations.accept.mutate({ invitationId })],
    ['decline', () => declines, () => (invitationId) => declines.api.invitations.decline.mutate({ invitationId, reason: 'Too late anyway.' })],
    ['cancel', () => cancelled, () => (invitationId) => host.api.invitations.cancel.mutate({ invitationId })],
  ];

  it.each(cases)('%s is CONFLICT saying when it expired; then it is marked expired and both are told, by nobody', async (_, recipientOf, answerOf) => {
    const recipient = recipientOf();
    const answer = answerOf();
    const invitation = sentTo(recipient);
    const error = await expectError(answer(invitation.id), 'CONFLICT', 'INVITATION_EXPIRED');
    expect(error.message).toContain(invitation.expiresAt);

    const after = await host.api.invitations.get.query({ invitationId: invitation.id });
    expect(after).toMatchObject({ status: 'expired', reason: null, conversationId: null, messageId: null });
    expect(after.respondedAt).not.toBeNull();
    expect((await recipient.api.invitations.activities.mine.query({ role: 'joined' })).items).toEqual([]);

    await fence(t, [
      [host, hostHears],
      [recipient, listenerOf(recipient)],
    ]);
    const expected = [created(invitation), updated(invitation, 'expired', null)];
    expect(invitationEventsOf(hostHears, invitation.id)).toEqual(expected);
    expect(invitationEventsOf(listenerOf(recipient), invitation.id)).toEqual(expected);
  });

  it.each(cases)('%s again, once it is marked expired, is still CONFLICT saying when it expired, and tells nobody', async (_, recipientOf, answerOf) => {
    const invitation = sentTo(recipientOf());
    const again = await expectError(answerOf()(invitation.id), 'CONFLICT', 'INVITATION_EXPIRED');
    expect(again.message).toContain(invitation.expiresAt);
    await fence(t, [[host, hostHears]]);
    expect(invitationEventsOf(hostHears, invitation.id)).toHaveLength(2);
  });

  it('a new invitation to the same person can be sent once the first has lapsed, marked or not', async () => {
    // `accepts` had theirs marked expired by the refused accept above (or is marked now); `untouched` never answered.
    for (const recipient of [accepts, untouched]) {
      const fresh = await invite(host, recipient, activityId);
      expect(fresh).toMatchObject({ status: 'pending', recipient: { id: recipient.id } });
      expect(fresh.id).not.toBe(sentTo(recipient).id);
      expect((await recipient.api.invitations.list.query({ box: 'received', status: 'pending' })).items.map((i) => i.id)).toEqual([fresh.id]);
    }
    // Sending the new one is when the old one was noticed: it is marked expired now, and both were told, by nobody.
    const old = sentTo(untouched);
    expect((await host.api.invitations.get.query({ invitationId: old.id })).respondedAt).not.toBeNull();
    await fence(t, [
      [host, hostHears],
      [untouched, listenerOf(untouched)],
    ]);
    expect(invitationEventsOf(listenerOf(untouched), old.id)).toEqual([created(old), updated(old, 'expired', null)]);
    expect(invitationEventsOf(hostHears, old.id)).toEqual([created(old), updated(old, 'expired', null)]);
    for (const listener of [hostHears, ...hears.values()]) expect(listener.errors).toEqual([]);
  });
});
