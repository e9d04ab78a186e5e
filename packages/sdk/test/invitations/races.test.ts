import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settleAll } from '../expect-error';
import { startTestServer, type TestServer } from '../harness';
import { everyInvitation, hostActivity, invite, signUp } from './helpers';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

describe('concurrent sends', () => {
  it('50 identical sends at once leave exactly one invitation; the other 49 are CONFLICT naming it', async () => {
    const [host, guest] = await signUp(t, 2);
    if (!host || !guest) throw new Error('two users expected');
    const activity = await hostActivity(host);
    const outcomes = await settleAll(Array.from({ length: 50 }, () => invite(host, guest, activity.id)));
    const won = outcomes.flatMap((o) => (o.ok ? [o.value] : []));
    const lost = outcomes.flatMap((o) => (o.ok ? [] : [o.error]));
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(49);
    const winner = won[0];
    if (winner === undefined) throw new Error('one winner expected');
    for (const error of lost) {
      expect({ code: error.data?.code, reason: error.data?.reason }).toEqual({ code: 'CONFLICT', reason: 'INVITATION_ALREADY_SENT' });
      expect(error.message).toContain(`(Invitation ID: ${winner.id})`);
    }
    expect((await everyInvitation(guest, { box: 'received' })).map((i) => i.id)).toEqual([winner.id]);
    expect((await everyInvitation(host, { box: 'sent' })).map((i) => i.id)).toEqual([winner.id]);
  });
});

describe('an accept racing the other answer', () => {
  const ROUNDS = 15;

  it.each(['cancel', 'decline'] as const)(`accept against %s, ${ROUNDS} times: exactly one wins each time, the other is CONFLICT, and the end state is the winner's`, async (other) => {
    const [host, guest] = await signUp(t, 2);
    if (!host || !guest) throw new Error('two users expected');
    const tally = { accept: 0, other: 0 };
    for (let round = 0; round < ROUNDS; round++) {
      // A fresh activity each round, so "seated" can only come from this round's accept.
      const activity = await hostActivity(host, { title: `Round ${round}` });
      const invitation = await invite(host, guest, activity.id);
      const [accepted, answered] = await settleAll<unknown>([
        guest.api.invitations.accept.mutate({ invitationId: invitation.id }),
        other === 'cancel'
          ? host.api.invitations.cancel.mutate({ invitationId: invitation.id })
          : guest.api.invitations.decline.mutate({ invitationId: invitation.id }),
      ]);
      if (accepted === undefined || answered === undefined) throw new Error('two outcomes expected');
      expect(accepted.ok !== answered.ok, `round ${round}: exactly one wins`).toBe(true);
      const loser = accepted.ok ? answered : accepted;
      if (loser.ok) throw new Error('a loser expected');
      expect({ code: loser.error.data?.code, reason: loser.error.data?.reason }).toEqual({ code: 'CONFLICT', reason: 'INVITATION_ANSWERED' });

      const final = await host.api.invitations.get.query({ invitationId: invitation.id });
      const view = await host.api.invitations.activities.get.query({ activityId: activity.id });
      const mine = await guest.api.invitations.activities.get.query({ activityId: activity.id });
      if (accepted.ok) {
        tally.accept++;
        expect(final.status).toBe('accepted');
        expect(final.messageId).not.toBeNull();
        expect(view.participantCount).toBe(2);
        expect(mine.myStatus).toBe('participant');
      } else {
        tally.other++;
        expect(final.status).toBe(other === 'cancel' ? 'cancelled' : 'declined');
        expect(final.messageId).toBeNull();
        expect(view.participantCount).toBe(1);
        expect(mine.myStatus).toBe('none');
      }
    }
    // Which one wins is up to the scheduler; the rules above hold either way.
    expect(tally.accept + tally.other).toBe(ROUNDS);
  });
});
