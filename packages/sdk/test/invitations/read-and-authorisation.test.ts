import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError } from '../expect-error';
import { startTestServer, type TestServer, type TestUser } from '../harness';
import { block, everyInvitation, hostActivity, invite, unknownId } from './helpers';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

const cast = <const N extends readonly string[]>(...names: N) =>
  Promise.all(names.map((name) => t.user(name))) as Promise<{ -readonly [K in keyof N]: TestUser }>;

describe('list', () => {
  it('sent and received, newest first, by status, across pages', async () => {
    const [host, a, b, c, d] = await cast('Host', 'A', 'B', 'C', 'D');
    const activity = await hostActivity(host);
    const toA = await invite(host, a, activity.id);
    const toB = await invite(host, b, activity.id);
    const toC = await invite(host, c, activity.id);
    const toD = await invite(host, d, activity.id);
    await a.api.invitations.accept.mutate({ invitationId: toA.id });
    await b.api.invitations.decline.mutate({ invitationId: toB.id });
    await host.api.invitations.cancel.mutate({ invitationId: toC.id });

    const newestFirst = [toD, toC, toB, toA].map((i) => i.id);
    expect((await everyInvitation(host, { box: 'sent' }, 1)).map((i) => i.id)).toEqual(newestFirst);
    expect((await everyInvitation(host, { box: 'sent' }, 3)).map((i) => i.id)).toEqual(newestFirst);
    const byStatus = async (status: 'pending' | 'accepted' | 'declined' | 'cancelled' | 'expired') =>
      (await everyInvitation(host, { box: 'sent', status })).map((i) => i.id);
    expect(await byStatus('pending')).toEqual([toD.id]);
    expect(await byStatus('accepted')).toEqual([toA.id]);
    expect(await byStatus('declined')).toEqual([toB.id]);
    expect(await byStatus('cancelled')).toEqual([toC.id]);
    expect(await byStatus('expired')).toEqual([]);
    // The host received nothing; each guest received exactly theirs.
    expect(await everyInvitation(host, { box: 'received' })).toEqual([]);
    expect((await everyInvitation(a, { box: 'received' })).map((i) => [i.id, i.status])).toEqual([[toA.id, 'accepted']]);
    expect(await everyInvitation(a, { box: 'sent' })).toEqual([]);
  });

  it('a list item is the same view get returns', async () => {
    const [host, guest] = await cast('Host', 'Guest');
    const activity = await hostActivity(host);
    const sent = await invite(host, guest, activity.id);
    expect((await guest.api.invitations.list.query({ box: 'received' })).items).toEqual([sent]);
  });
});

/** Every procedure that takes an invitation id, as `user` calls it. */
function everyCall(user: TestUser, invitationId: string) {
  const api = user.api.invitations;
  return {
    get: () => api.get.query({ invitationId }),
    accept: () => api.accept.mutate({ invitationId }),
    decline: () => api.decline.mutate({ invitationId }),
    cancel: () => api.cancel.mutate({ invitationId }),
  };
}
const PROCEDURES = ['get', 'accept', 'decline', 'cancel'] as const;

describe('authorisation', () => {
  it('a stranger gets NOT_FOUND from every procedure, word for word what a random id gets, and changes nothing', async () => {
    const [host, guest, stranger] = await cast('Host', 'Guest', 'Stranger');
    const activity = await hostActivity(host);
    const invitation = await invite(host, guest, activity.id);
    const real = everyCall(stranger, invitation.id);
    const missing = everyCall(stranger, unknownId());
    for (const name of PROCEDURES) {
      const a = await expectError(real[name](), 'NOT_FOUND');
      const b = await expectError(missing[name](), 'NOT_FOUND');
      expect(a.message, name).toBe(b.message);
    }
    expect(await guest.api.invitations.get.query({ invitationId: invitation.id })).toEqual(invitation);
  });

  it('even a participant of the same activity, or its host when someone else sent it, is a stranger to it', async () => {
    const [host, sender, guest] = await cast('Host', 'Sender', 'Guest');
    const activity = await hostActivity(host);
    await sender.api.invitations.activities.join.mutate({ activityId: activity.id });
    const invitation = await invite(sender, guest, activity.id);
    for (const name of PROCEDURES) {
      const a = await expectError(everyCall(host, invitation.id)[name](), 'NOT_FOUND');
      const b = await expectError(everyCall(host, unknownId())[name](), 'NOT_FOUND');
      expect(a.message, name).toBe(b.message);
    }
    expect(await host.api.invitations.list.query({ box: 'sent' })).toMatchObject({ items: [] });
  });

  it.each(['sender', 'recipient'] as const)('once the %s blocks the other, neither can see or answer it: NOT_FOUND as for a random id', async (blocker) => {
    const [host, guest] = await cast('Host', 'Guest');
    const activity = await hostActivity(host);
    const invitation = await invite(host, guest, activity.id);
    await (blocker === 'sender' ? block(host, guest) : block(guest, host));
    for (const user of [host, guest]) {
      for (const name of PROCEDURES) {
        const a = await expectError(everyCall(user, invitation.id)[name](), 'NOT_FOUND');
        const b = await expectError(everyCall(user, unknownId())[name](), 'NOT_FOUND');
        expect(a.message, `${user.name} ${name}`).toBe(b.message);
      }
      expect(await everyInvitation(user, { box: 'sent' })).toEqual([]);
      expect(await everyInvitation(user, { box: 'received' })).toEqual([]);
    }
  });
});

describe('what a pending invitee may see of an invite-only activity', () => {
  it("gets it with myStatus 'invited' and finds it among their invited ones; after declining, NOT_FOUND again", async () => {
    const [host, guest] = await cast('Host', 'Guest');
    const activity = await hostActivity(host, { visibility: 'invite_only' });
    const before = await expectError(guest.api.invitations.activities.get.query({ activityId: activity.id }), 'NOT_FOUND');
    const invitation = await invite(host, guest, activity.id);
    expect(await guest.api.invitations.activities.get.query({ activityId: activity.id })).toMatchObject({ id: activity.id, myStatus: 'invited' });
    expect((await guest.api.invitations.activities.mine.query({ role: 'invited' })).items.map((a) => a.id)).toEqual([activity.id]);
    await guest.api.invitations.decline.mutate({ invitationId: invitation.id });
    const after = await expectError(guest.api.invitations.activities.get.query({ activityId: activity.id }), 'NOT_FOUND');
    expect(after.message).toBe(before.message);
    expect(await guest.api.invitations.activities.mine.query({ role: 'invited' })).toMatchObject({ items: [] });
  });

  it('cannot join it directly while the invitation is pending: only accepting seats them', async () => {
    const [host, guest] = await cast('Host', 'Guest');
    const activity = await hostActivity(host, { visibility: 'invite_only' });
    const invitation = await invite(host, guest, activity.id);
    const join = await guest.api.invitations.activities.join.mutate({ activityId: activity.id }).then(
      (result) => ({ joined: result.status }),
      (error: unknown) => ({ refused: error instanceof Error }),
    );
    expect(join).toEqual({ refused: true });
    expect(await guest.api.invitations.activities.get.query({ activityId: activity.id })).toMatchObject({ myStatus: 'invited', participantCount: 1 });
    expect((await guest.api.invitations.get.query({ invitationId: invitation.id })).status).toBe('pending');
  });
});
