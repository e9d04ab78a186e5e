import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError } from '../expect-error';
import { startTestServer, type TestServer, type TestUser } from '../harness';
import { listen, type Listener } from '../realtime/listen';
import { created, fence, hostActivity, invitationEventsOf, invite, updated } from './helpers';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

type Member = { user: TestUser; hears: Listener };

/** Named users, each with a listener from the start of the log (new users: exactly their own events). */
async function cast<const N extends readonly string[]>(...names: N): Promise<Member[]> {
  const users = await Promise.all(names.map((name) => t.user(name)));
  return users.map((user) => ({ user, hears: listen(user) }));
}

const four = (members: Member[]): [Member, Member, Member, Member] => {
  const [a, b, c, d] = members;
  if (!a || !b || !c || !d) throw new Error('four members expected');
  return [a, b, c, d];
};

function stopAll(members: Member[]) {
  for (const m of members) {
    expect(m.hears.errors).toEqual([]);
    m.hears.stop();
  }
}

describe('invitation events', () => {
  it('invitation.created goes to the sender and the recipient only: not to the host when a participant invites, nor to a stranger', async () => {
    const [host, sender, recipient, stranger] = four(await cast('Host', 'Sender', 'Recipient', 'Stranger'));
    const activity = await hostActivity(host.user);
    await sender.user.api.invitations.activities.join.mutate({ activityId: activity.id });
    const invitation = await invite(sender.user, recipient.user, activity.id);
    await fence(t, [host, sender, recipient, stranger].map((m): [TestUser, Listener] => [m.user, m.hears]));
    expect(invitationEventsOf(sender.hears, invitation.id)).toEqual([created(invitation)]);
    expect(invitationEventsOf(recipient.hears, invitation.id)).toEqual([created(invitation)]);
    expect(invitationEventsOf(host.hears, invitation.id)).toEqual([]);
    expect(invitationEventsOf(stranger.hears, invitation.id)).toEqual([]);
    stopAll([host, sender, recipient, stranger]);
  });

  it('accepting tells both of invitation.updated, with activity.joined and the card as message.created; repeating it tells nobody again', async () => {
    const [host, recipient, stranger] = four([...(await cast('Host', 'Recipient', 'Stranger')), ...(await cast('Unused'))]);
    const activity = await hostActivity(host.user);
    const invitation = await invite(host.user, recipient.user, activity.id);
    const { invitation: accepted } = await recipient.user.api.invitations.accept.mutate({ invitationId: invitation.id });
    await recipient.user.api.invitations.accept.mutate({ invitationId: invitation.id });
    await fence(t, [host, recipient, stranger].map((m): [TestUser, Listener] => [m.user, m.hears]));

    for (const m of [host, recipient]) {
      expect(invitationEventsOf(m.hears, invitation.id)).toEqual([created(invitation), updated(invitation, 'accepted', recipient.user.id)]);
      const joins = m.hears.events.filter((e) => e.type === 'activity.joined' && e.activityId === activity.id);
      expect(joins).toEqual([expect.objectContaining({ type: 'activity.joined', userId: recipient.user.id, status: 'participant' })]);
      const cards = m.hears.events.filter((e) => e.type === 'message.created' && e.message.id === accepted.messageId);
      expect(cards).toEqual([
        expect.objectContaining({
          conversationId: accepted.conversationId,
          message: expect.objectContaining({ kind: 'invitation', metadata: expect.objectContaining({ invitationId: invitation.id, status: 'accepted' }) }),
        }),
      ]);
    }
    expect(invitationEventsOf(stranger.hears, invitation.id)).toEqual([]);
    expect(stranger.hears.events.filter((e) => e.type === 'message.created' || e.type === 'activity.joined')).toEqual([]);
    stopAll([host, recipient, stranger]);
  });

  it('declining and cancelling tell both, with who answered and the reason; a repeat tells nobody again', async () => {
    const [host, declines, cancelled, stranger] = four(await cast('Host', 'Declines', 'Cancelled', 'Stranger'));
    const activity = await hostActivity(host.user);
    const toDecline = await invite(host.user, declines.user, activity.id);
    const toCancel = await invite(host.user, cancelled.user, activity.id);
    await declines.user.api.invitations.decline.mutate({ invitationId: toDecline.id, reason: 'Knee injury.' });
    await declines.user.api.invitations.decline.mutate({ invitationId: toDecline.id, reason: 'Knee injury.' });
    await host.user.api.invitations.cancel.mutate({ invitationId: toCancel.id });
    await host.user.api.invitations.cancel.mutate({ invitationId: toCancel.id });
    await fence(t, [host, declines, cancelled, stranger].map((m): [TestUser, Listener] => [m.user, m.hears]));

    const declinedEvents = [created(toDecline), updated(toDecline, 'declined', declines.user.id, 'Knee injury.')];
    const cancelledEvents = [created(toCancel), updated(toCancel, 'cancelled', host.user.id)];
    expect(invitationEventsOf(host.hears, toDecline.id)).toEqual(declinedEvents);
    expect(invitationEventsOf(declines.hears, toDecline.id)).toEqual(declinedEvents);
    expect(invitationEventsOf(host.hears, toCancel.id)).toEqual(cancelledEvents);
    expect(invitationEventsOf(cancelled.hears, toCancel.id)).toEqual(cancelledEvents);
    // Each recipient hears only of their own invitation.
    expect(invitationEventsOf(declines.hears, toCancel.id)).toEqual([]);
    expect(invitationEventsOf(cancelled.hears, toDecline.id)).toEqual([]);
    expect(stranger.hears.events.filter((e) => e.type.startsWith('invitation.'))).toEqual([]);
    stopAll([host, declines, cancelled, stranger]);
  });

  it('cancelling the activity cancels its pending invitations with the activity\'s reason, and tells both of each; answered ones stay as they were', async () => {
    const [host, pendingOne, accepting, declining] = four(await cast('Host', 'Pending', 'Accepting', 'Declining'));
    const activity = await hostActivity(host.user);
    const open = await invite(host.user, pendingOne.user, activity.id);
    const accepted = await invite(host.user, accepting.user, activity.id);
    const declined = await invite(host.user, declining.user, activity.id);
    await accepting.user.api.invitations.accept.mutate({ invitationId: accepted.id });
    await declining.user.api.invitations.decline.mutate({ invitationId: declined.id });
    await host.user.api.invitations.activities.cancel.mutate({ activityId: activity.id, reason: 'Storm warning.' });

    expect(await pendingOne.user.api.invitations.get.query({ invitationId: open.id })).toMatchObject({
      status: 'cancelled',
      reason: 'Storm warning.',
      activity: { status: 'cancelled' },
    });
    expect((await accepting.user.api.invitations.get.query({ invitationId: accepted.id })).status).toBe('accepted');
    expect((await declining.user.api.invitations.get.query({ invitationId: declined.id })).status).toBe('declined');
    await expectError(pendingOne.user.api.invitations.accept.mutate({ invitationId: open.id }), 'CONFLICT', 'INVITATION_ANSWERED');

    await fence(t, [host, pendingOne, accepting, declining].map((m): [TestUser, Listener] => [m.user, m.hears]));
    const expected = [created(open), updated(open, 'cancelled', host.user.id, 'Storm warning.')];
    expect(invitationEventsOf(host.hears, open.id)).toEqual(expected);
    expect(invitationEventsOf(pendingOne.hears, open.id)).toEqual(expected);
    expect(invitationEventsOf(accepting.hears, accepted.id).map((e) => e.type === 'invitation.updated' && e.status)).toEqual([false, 'accepted']);
    expect(invitationEventsOf(declining.hears, declined.id).map((e) => e.type === 'invitation.updated' && e.status)).toEqual([false, 'declined']);
    stopAll([host, pendingOne, accepting, declining]);
  });
});

