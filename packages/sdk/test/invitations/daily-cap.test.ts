import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError } from '../expect-error';
import { startTestServer, type TestServer } from '../harness';
import { DAY, hostActivity, invite, signUp } from './helpers';

/** LIMITS.invitationsPerDay in packages/server/src/limits.ts. */
const PER_DAY = 100;

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

describe('the daily cap', () => {
  it(`${PER_DAY} invitations in 24 hours, then TOO_MANY_REQUESTS with a retry-after; the cap counts sends, not what is still pending`, async () => {
    const [host, a, b, c] = await signUp(t, 4, 'Capped');
    if (!host || !a || !b || !c) throw new Error('four users expected');
    const activity = await hostActivity(host);
    // One pending invitation per person and activity: send and take back, so one
    // recipient can take every send, and the cap is seen to count cancelled ones too.
    for (let i = 0; i < PER_DAY - 1; i++) {
      const sent = await invite(host, a, activity.id);
      await host.api.invitations.cancel.mutate({ invitationId: sent.id });
    }
    const last = await invite(host, b, activity.id);
    expect(last.status).toBe('pending');

    const error = await expectError(invite(host, c, activity.id), 'TOO_MANY_REQUESTS');
    const retryAfter = error.data?.retryAfterSeconds ?? 0;
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(DAY / 1000);
    expect(await c.api.invitations.list.query({ box: 'received' })).toMatchObject({ items: [] });

    // The cap is the sender's: someone else may still invite.
    await a.api.invitations.activities.join.mutate({ activityId: activity.id });
    await expect(invite(a, c, activity.id)).resolves.toMatchObject({ status: 'pending' });
  });
});
