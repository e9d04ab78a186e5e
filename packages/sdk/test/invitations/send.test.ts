import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError } from '../expect-error';
import { startTestServer, type TestServer, type TestUser } from '../harness';
import { block, DAY, fromNow, HOUR, hostActivity, invite, MINUTE, plus, unknownId, untilPast } from './helpers';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

const cast = <const N extends readonly string[]>(...names: N) =>
  Promise.all(names.map((name) => t.user(name))) as Promise<{ -readonly [K in keyof N]: TestUser }>;

describe('send: who may invite', () => {
  it('the host invites, and gets the invitation as both of them see it', async () => {
    const [host, guest] = await cast('Host', 'Guest');
    const activity = await hostActivity(host);
    const sent = await invite(host, guest, activity.id);
    expect(sent).toMatchObject({
      activity: { id: activity.id, title: activity.title, locationLabel: activity.locationLabel, startsAt: activity.startsAt, endsAt: activity.endsAt, status: 'scheduled' },
      sender: { id: host.id, name: 'Host' },
      recipient: { id: guest.id, name: 'Guest' },
      message: "Come along, it's an easy pace!",
      question: "What's your favourite trail?",
      status: 'pending',
      reason: null,
      // By default it lapses when the activity starts.
      expiresAt: activity.startsAt,
      respondedAt: null,
      conversationId: null,
      messageId: null,
    });
    expect(await guest.api.invitations.get.query({ invitationId: sent.id })).toEqual(sent);
    expect(await host.api.invitations.get.query({ invitationId: sent.id })).toEqual(sent);
  });

  it('a note and a question are optional: an empty message and a null question', async () => {
    const [host, guest] = await cast('Host', 'Guest');
    const activity = await hostActivity(host);
    const sent = await host.api.invitations.send.mutate({ activityId: activity.id, recipientId: guest.id });
    expect(sent).toMatchObject({ message: '', question: null, status: 'pending' });
  });

  it('a participant of a public activity invites; someone only in line, or not in it at all, is FORBIDDEN', async () => {
    const [host, seated, waiting, outsider, friend] = await cast('Host', 'Seated', 'Waiting', 'Outsider', 'Friend');
    const activity = await hostActivity(host, { capacity: 2 });
    await seated.api.invitations.activities.join.mutate({ activityId: activity.id });
    expect((await waiting.api.invitations.activities.join.mutate({ activityId: activity.id })).status).toBe('waitlisted');
    await expectError(invite(outsider, friend, activity.id), 'FORBIDDEN');
    await expectError(invite(waiting, friend, activity.id), 'FORBIDDEN');
    const sent = await invite(seated, friend, activity.id);
    expect(sent).toMatchObject({ sender: { id: seated.id }, recipient: { id: friend.id }, status: 'pending' });
  });

  it('to an invite-only activity only the host invites: a participant is FORBIDDEN, someone who cannot see it NOT_FOUND', async () => {
    const [host, seated, outsider, friend] = await cast('Host', 'Seated', 'Outsider', 'Friend');
    const activity = await hostActivity(host);
    await seated.api.invitations.activities.join.mutate({ activityId: activity.id });
    await host.api.invitations.activities.update.mutate({ activityId: activity.id, visibility: 'invite_only' });
    await expectError(invite(seated, friend, activity.id), 'FORBIDDEN');
    const hidden = await expectError(invite(outsider, friend, activity.id), 'NOT_FOUND');
    // The same words as an activity that does not exist.
    const missing = await expectError(invite(outsider, friend, unknownId()), 'NOT_FOUND');
    expect(hidden.message).toBe(missing.message);
    await expect(invite(host, friend, activity.id)).resolves.toMatchObject({ status: 'pending' });
  });

  it('to a cancelled activity is CONFLICT', async () => {
    const [host, guest] = await cast('Host', 'Guest');
    const activity = await hostActivity(host);
    await host.api.invitations.activities.cancel.mutate({ activityId: activity.id, reason: 'Rain all day.' });
    await expectError(invite(host, guest, activity.id), 'CONFLICT');
    expect(await host.api.invitations.list.query({ box: 'sent' })).toMatchObject({ items: [] });
  });

  it('to an activity that has started is CONFLICT', async () => {
    const [host, guest] = await cast('Host', 'Guest');
    // Activities cannot be created in the past: this one starts in a moment and the test waits for the clock.
    const startsAt = fromNow(1500);
    const activity = await hostActivity(host, { startsAt, endsAt: plus(startsAt, HOUR) });
    await untilPast(startsAt);
    await expectError(invite(host, guest, activity.id), 'CONFLICT');
  });
});

describe('send: who may be invited', () => {
  it('yourself is BAD_REQUEST', async () => {
    const [host] = await cast('Host');
    const activity = await hostActivity(host);
    await expectError(invite(host, host, activity.id), 'BAD_REQUEST');
  });

  it('an unknown user is NOT_FOUND, "User not found"', async () => {
    const [host] = await cast('Host');
    const activity = await hostActivity(host);
    const error = await expectError(host.api.invitations.send.mutate({ activityId: activity.id, recipientId: unknownId() }), 'NOT_FOUND');
    expect(error.message).toMatch(/^User not found\.?$/);
  });

  it.each([
    ['the sender blocked the recipient', 'sender', 'recipient'],
    ['the recipient blocked the sender', 'recipient', 'sender'],
    ['the host blocked the recipient', 'host', 'recipient'],
    ['the recipient blocked the host', 'recipient', 'host'],
  ] as const)('when %s it is NOT_FOUND, "User not found", as for an unknown user', async (_, blocker, blocked) => {
    const [host, sender, recipient] = await cast('Host', 'Sender', 'Recipient');
    const activity = await hostActivity(host);
    await sender.api.invitations.activities.join.mutate({ activityId: activity.id });
    const who = { host, sender, recipient };
    await block(who[blocker], who[blocked]);
    const error = await expectError(invite(sender, recipient, activity.id), 'NOT_FOUND');
    // Word for word what an unknown user gets, so a block cannot be told from a missing account.
    const unknown = await expectError(sender.api.invitations.send.mutate({ activityId: activity.id, recipientId: unknownId() }), 'NOT_FOUND');
    expect(error.message).toBe(unknown.message);
    expect(error.message).toMatch(/^User not found\.?$/);
    expect(await recipient.api.invitations.list.query({ box: 'received' })).toMatchObject({ items: [] });
  });

  it('someone already seated or waiting in line is CONFLICT, ALREADY_TAKES_PART', async () => {
    const [host, seated, waiting] = await cast('Host', 'Seated', 'Waiting');
    const activity = await hostActivity(host, { capacity: 2 });
    await seated.api.invitations.activities.join.mutate({ activityId: activity.id });
    await waiting.api.invitations.activities.join.mutate({ activityId: activity.id });
    await expectError(invite(host, seated, activity.id), 'CONFLICT', 'ALREADY_TAKES_PART');
    await expectError(invite(host, waiting, activity.id), 'CONFLICT', 'ALREADY_TAKES_PART');
  });

  it('someone with a pending invitation, from anyone, is CONFLICT naming the first', async () => {
    const [host, seated, guest] = await cast('Host', 'Seated', 'Guest');
    const activity = await hostActivity(host);
    await seated.api.invitations.activities.join.mutate({ activityId: activity.id });
    const first = await invite(host, guest, activity.id);
    for (const sender of [host, seated]) {
      const error = await expectError(invite(sender, guest, activity.id), 'CONFLICT', 'INVITATION_ALREADY_SENT');
      expect(error.message).toMatch(/^Invitation already sent\./);
      expect(error.message).toContain(`(Invitation ID: ${first.id})`);
    }
    expect((await guest.api.invitations.list.query({ box: 'received' })).items.map((i) => i.id)).toEqual([first.id]);
  });

  it('once the first was declined or cancelled, a new one may be sent', async () => {
    const [host, guest] = await cast('Host', 'Guest');
    const activity = await hostActivity(host);
    const first = await invite(host, guest, activity.id);
    await guest.api.invitations.decline.mutate({ invitationId: first.id });
    const second = await invite(host, guest, activity.id);
    await host.api.invitations.cancel.mutate({ invitationId: second.id });
    const third = await invite(host, guest, activity.id);
    expect(new Set([first.id, second.id, third.id]).size).toBe(3);
    expect(third.status).toBe('pending');
  });

  it('the same person may hold pending invitations to different activities', async () => {
    const [host, guest] = await cast('Host', 'Guest');
    const [a, b] = await Promise.all([hostActivity(host, { title: 'A' }), hostActivity(host, { title: 'B' })]);
    await invite(host, guest, a.id);
    await invite(host, guest, b.id);
    expect((await guest.api.invitations.list.query({ box: 'received', status: 'pending' })).items).toHaveLength(2);
  });
});

describe('send: expiresAt', () => {
  it('given, in the future and no later than the start, it is kept', async () => {
    const [host, guest, other] = await cast('Host', 'Guest', 'Other');
    const activity = await hostActivity(host);
    const soon = fromNow(DAY);
    expect((await invite(host, guest, activity.id, { expiresAt: soon })).expiresAt).toBe(soon);
    // Exactly the start is allowed: "at the latest".
    expect((await invite(host, other, activity.id, { expiresAt: activity.startsAt })).expiresAt).toBe(activity.startsAt);
  });

  it('in the past, now, or after the activity starts, it is BAD_REQUEST and nothing is sent', async () => {
    const [host, guest] = await cast('Host', 'Guest');
    const activity = await hostActivity(host);
    for (const expiresAt of [fromNow(-MINUTE), fromNow(-DAY), plus(activity.startsAt, 1000), plus(activity.startsAt, DAY)]) {
      await expectError(invite(host, guest, activity.id, { expiresAt }), 'BAD_REQUEST');
    }
    expect(await guest.api.invitations.list.query({ box: 'received' })).toMatchObject({ items: [] });
  });
});
