import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError } from '../expect-error';
import { startTestServer, type TestServer, type TestUser } from '../harness';
import { hostActivity, invite, type InvitationView } from './helpers';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

const cast = <const N extends readonly string[]>(...names: N) =>
  Promise.all(names.map((name) => t.user(name))) as Promise<{ -readonly [K in keyof N]: TestUser }>;

/** A host, a guest and a pending invitation from the one to the other. */
async function pending(overrides: Parameters<typeof hostActivity>[1] = {}) {
  const [host, guest] = await cast('Host', 'Guest');
  const activity = await hostActivity(host, overrides);
  const invitation = await invite(host, guest, activity.id);
  return { host, guest, activity, invitation };
}

describe('accept', () => {
  it('seats the recipient, and answers with the accepted invitation, its conversation and card, and the seat', async () => {
    const { host, guest, activity, invitation } = await pending();
    const result = await guest.api.invitations.accept.mutate({ invitationId: invitation.id });
    expect(result.seat).toEqual({ status: 'participant', waitlistPosition: null });
    expect(result.invitation).toMatchObject({ id: invitation.id, status: 'accepted', reason: null });
    expect(result.invitation.conversationId).toEqual(expect.any(String));
    expect(result.invitation.messageId).toEqual(expect.any(String));
    expect(Date.parse(result.invitation.respondedAt ?? '')).not.toBeNaN();
    expect(await host.api.invitations.get.query({ invitationId: invitation.id })).toEqual(result.invitation);
    expect(await guest.api.invitations.activities.get.query({ activityId: activity.id })).toMatchObject({ myStatus: 'participant', participantCount: 2 });
  });

  it('to a full activity puts the recipient in line, and says where', async () => {
    const { host, activity } = await pending({ capacity: 2 });
    const [seated, ahead, late] = await cast('Seated', 'Ahead', 'Late');
    await seated.api.invitations.activities.join.mutate({ activityId: activity.id });
    await ahead.api.invitations.activities.join.mutate({ activityId: activity.id });
    const invitation = await invite(host, late, activity.id);
    const result = await late.api.invitations.accept.mutate({ invitationId: invitation.id });
    expect(result.seat).toEqual({ status: 'waitlisted', waitlistPosition: 2 });
    expect(result.invitation.status).toBe('accepted');
    expect(await late.api.invitations.activities.get.query({ activityId: activity.id })).toMatchObject({ myStatus: 'waitlisted', waitlistCount: 2 });
  });

  it('works for an invite-only activity, which cannot be joined directly', async () => {
    const [host, guest] = await cast('Host', 'Guest');
    const activity = await hostActivity(host, { visibility: 'invite_only' });
    await expectError(guest.api.invitations.activities.join.mutate({ activityId: activity.id }), 'NOT_FOUND');
    const invitation = await invite(host, guest, activity.id);
    const result = await guest.api.invitations.accept.mutate({ invitationId: invitation.id });
    expect(result.seat.status).toBe('participant');
    expect(await guest.api.invitations.activities.get.query({ activityId: activity.id })).toMatchObject({ myStatus: 'participant' });
  });

  it('posts an invitation card in a new direct conversation between sender and recipient, which neither can edit or delete', async () => {
    const { host, guest, activity, invitation } = await pending();
    const { invitation: accepted } = await guest.api.invitations.accept.mutate({ invitationId: invitation.id });
    const conversationId = accepted.conversationId ?? '';
    const messageId = accepted.messageId ?? '';
    const conversation = await host.api.chat.get.query({ conversationId });
    expect(conversation).toMatchObject({ id: conversationId, kind: 'direct', memberCount: 2 });
    // openDirect finds the same conversation: the card is in the one direct chat of the pair.
    expect((await guest.api.chat.openDirect.mutate({ userId: host.id })).id).toBe(conversationId);

    for (const viewer of [host, guest]) {
      const message = await viewer.api.chat.message.query({ messageId });
      expect(message).toMatchObject({ id: messageId, conversationId, kind: 'invitation', senderId: host.id, deletedAt: null });
      if (message.kind !== 'invitation') throw new Error('expected an invitation card');
      expect(message.metadata).toEqual({
        invitationId: invitation.id,
        activityId: activity.id,
        title: activity.title,
        locationLabel: activity.locationLabel,
        startsAt: activity.startsAt,
        senderId: host.id,
        recipientId: guest.id,
        message: invitation.message,
        question: invitation.question,
        status: 'accepted',
        seat: 'participant',
      });
    }
    for (const user of [host, guest]) {
      await expectError(user.api.chat.edit.mutate({ messageId, body: 'Changed my mind' }), 'FORBIDDEN');
      await expectError(user.api.chat.delete.mutate({ messageId }), 'FORBIDDEN');
    }
    const after = await guest.api.chat.message.query({ messageId });
    expect(after).toMatchObject({ kind: 'invitation', deletedAt: null, editedAt: null });
  });

  it('reuses the direct conversation the two already have', async () => {
    const { host, guest, invitation } = await pending();
    const direct = await host.api.chat.openDirect.mutate({ userId: guest.id });
    await host.api.chat.send.mutate({ conversationId: direct.id, clientKey: randomUUID(), content: { kind: 'text', body: 'Hi!' } });
    const { invitation: accepted } = await guest.api.invitations.accept.mutate({ invitationId: invitation.id });
    expect(accepted.conversationId).toBe(direct.id);
    const history = await guest.api.chat.history.query({ conversationId: direct.id });
    expect(history.items.map((m) => m.kind)).toEqual(['invitation', 'text']);
    expect(history.items[0]?.id).toBe(accepted.messageId);
  });

  it('a card records the seat it gave: waitlisted when the recipient went into line', async () => {
    const { host, activity } = await pending({ capacity: 2 });
    const [seated, late] = await cast('Seated', 'Late');
    await seated.api.invitations.activities.join.mutate({ activityId: activity.id });
    const invitation = await invite(host, late, activity.id);
    const { invitation: accepted } = await late.api.invitations.accept.mutate({ invitationId: invitation.id });
    const card = await late.api.chat.message.query({ messageId: accepted.messageId ?? '' });
    expect(card).toMatchObject({ kind: 'invitation', metadata: { seat: 'waitlisted', status: 'accepted' } });
  });

  it('accepting again returns the same answer and posts no second card', async () => {
    const { guest, invitation } = await pending();
    const first = await guest.api.invitations.accept.mutate({ invitationId: invitation.id });
    const again = await guest.api.invitations.accept.mutate({ invitationId: invitation.id });
    expect(again).toEqual(first);
    const history = await guest.api.chat.history.query({ conversationId: first.invitation.conversationId ?? '' });
    expect(history.items.filter((m) => m.kind === 'invitation')).toHaveLength(1);
  });

  it('by the sender is FORBIDDEN, and leaves it pending', async () => {
    const { host, invitation } = await pending();
    await expectError(host.api.invitations.accept.mutate({ invitationId: invitation.id }), 'FORBIDDEN');
    expect((await host.api.invitations.get.query({ invitationId: invitation.id })).status).toBe('pending');
  });
});

describe('decline and cancel', () => {
  it('the recipient declines, with a reason; declining again returns it unchanged', async () => {
    const { host, guest, activity, invitation } = await pending();
    const declined = await guest.api.invitations.decline.mutate({ invitationId: invitation.id, reason: 'Away that weekend.' });
    expect(declined).toMatchObject({ id: invitation.id, status: 'declined', reason: 'Away that weekend.', conversationId: null, messageId: null });
    expect(Date.parse(declined.respondedAt ?? '')).not.toBeNaN();
    expect(await guest.api.invitations.decline.mutate({ invitationId: invitation.id })).toEqual(declined);
    expect(await host.api.invitations.get.query({ invitationId: invitation.id })).toEqual(declined);
    expect((await host.api.invitations.activities.get.query({ activityId: activity.id })).participantCount).toBe(1);
  });

  it('a reason is optional', async () => {
    const { guest, invitation } = await pending();
    expect(await guest.api.invitations.decline.mutate({ invitationId: invitation.id })).toMatchObject({ status: 'declined', reason: null });
  });

  it('the sender cancels; cancelling again returns it unchanged', async () => {
    const { host, guest, invitation } = await pending();
    const cancelled = await host.api.invitations.cancel.mutate({ invitationId: invitation.id });
    expect(cancelled).toMatchObject({ id: invitation.id, status: 'cancelled' });
    expect(await host.api.invitations.cancel.mutate({ invitationId: invitation.id })).toEqual(cancelled);
    expect(await guest.api.invitations.get.query({ invitationId: invitation.id })).toEqual(cancelled);
  });

  it('the sender cannot decline and the recipient cannot cancel: FORBIDDEN, and it stays pending', async () => {
    const { host, guest, invitation } = await pending();
    await expectError(host.api.invitations.decline.mutate({ invitationId: invitation.id }), 'FORBIDDEN');
    await expectError(guest.api.invitations.cancel.mutate({ invitationId: invitation.id }), 'FORBIDDEN');
    expect((await guest.api.invitations.get.query({ invitationId: invitation.id })).status).toBe('pending');
  });
});

describe('an answered invitation cannot be answered otherwise: CONFLICT, INVITATION_ANSWERED', () => {
  type Answer = 'accept' | 'decline' | 'cancel';
  const answer = (who: { host: TestUser; guest: TestUser }, how: Answer, invitationId: string): Promise<unknown> => {
    if (how === 'accept') return who.guest.api.invitations.accept.mutate({ invitationId });
    if (how === 'decline') return who.guest.api.invitations.decline.mutate({ invitationId });
    return who.host.api.invitations.cancel.mutate({ invitationId });
  };
  const STATUS: Record<Answer, InvitationView['status']> = { accept: 'accepted', decline: 'declined', cancel: 'cancelled' };

  it.each([
    ['accept', 'decline'],
    ['accept', 'cancel'],
    ['decline', 'accept'],
    ['decline', 'cancel'],
    ['cancel', 'accept'],
    ['cancel', 'decline'],
  ] as const)('after %s, %s is CONFLICT and changes nothing', async (first, then) => {
    const setup = await pending();
    await answer(setup, first, setup.invitation.id);
    const before = await setup.host.api.invitations.get.query({ invitationId: setup.invitation.id });
    await expectError(answer(setup, then, setup.invitation.id), 'CONFLICT', 'INVITATION_ANSWERED');
    const after = await setup.host.api.invitations.get.query({ invitationId: setup.invitation.id });
    expect(after).toEqual(before);
    expect(after.status).toBe(STATUS[first]);
    const myStatus = (await setup.guest.api.invitations.activities.get.query({ activityId: setup.activity.id })).myStatus;
    expect(myStatus).toBe(first === 'accept' ? 'participant' : 'none');
  });
});

