import { sql } from '@rapport/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { block, hostActivity, signUp } from '../activities/helpers';
import { expectError, expectFieldErrors } from '../expect-error';
import { startTestServer, type TestServer, type TestUser } from '../harness';

/**
 * Nearby: only people who share a fresh location, within the radius of mine,
 * nearest first, at distances rounded to whole kilometres; never across a
 * block; and the stored point is coarse, not the one sent.
 */

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

// Around the Louvre, Paris: 0.01° of latitude is about 1.1 km.
const HERE = { latitude: 48.8606, longitude: 2.3376 };
const north = (km: number) => ({ latitude: HERE.latitude + km / 111.2, longitude: HERE.longitude });

async function sharing(count: number, prefix: string): Promise<TestUser[]> {
  return signUp(t, count, prefix);
}

describe('invitations.nearby', () => {
  it('lists people sharing a location within the radius, nearest first, with rounded distances', async () => {
    const [me, near, further, far, silent] = await sharing(5, 'Near');
    if (!me || !near || !further || !far || !silent) throw new Error('no users');
    await me.api.invitations.location.update.mutate(HERE);
    await near.api.invitations.location.update.mutate(north(2));
    await further.api.invitations.location.update.mutate(north(6));
    await far.api.invitations.location.update.mutate(north(40));
    const found = await me.api.invitations.nearby.query({ radiusKm: 10 });
    expect(found.people.map((p) => p.id)).toEqual([near.id, further.id]);
    for (const person of found.people) expect(Number.isInteger(person.distanceKm)).toBe(true);
    expect(found.people[0]?.distanceKm).toBeGreaterThanOrEqual(2);
    expect(found.people[0]?.distanceKm).toBeLessThanOrEqual(3);
    expect((await me.api.invitations.nearby.query({ radiusKm: 50 })).people.map((p) => p.id)).toEqual([near.id, further.id, far.id]);
  });

  it('stores only a coarse point, and forgets it when cleared or expired', async () => {
    const [me, other] = await sharing(2, 'Coarse');
    if (!me || !other) throw new Error('no users');
    const shared = await me.api.invitations.location.update.mutate({ latitude: 48.860612345, longitude: 2.337644321 });
    expect(shared).toMatchObject({ latitude: 48.86, longitude: 2.34 });
    await other.api.invitations.location.update.mutate(north(1));
    expect((await other.api.invitations.nearby.query({})).people.map((p) => p.id)).toContain(me.id);
    expect(await me.api.invitations.location.clear.mutate()).toEqual({ cleared: true });
    expect((await other.api.invitations.nearby.query({})).people.map((p) => p.id)).not.toContain(me.id);
    await me.api.invitations.location.update.mutate(HERE);
    // Past its time, as LOCATION_TTL_SECONDS would make it.
    await t.server.database.db.execute(sql`update user_locations set expires_at = now() - interval '1 second' where user_id = ${me.id}`);
    expect((await other.api.invitations.nearby.query({})).people.map((p) => p.id)).not.toContain(me.id);
    await expectError(me.api.invitations.nearby.query({}), 'CONFLICT', 'LOCATION_NOT_SHARED');
  });

  it('shows nothing to someone who does not share, and nobody across a block', async () => {
    const [me, blocked, blocker, quiet] = await sharing(4, 'Guarded');
    if (!me || !blocked || !blocker || !quiet) throw new Error('no users');
    for (const user of [me, blocked, blocker]) await user.api.invitations.location.update.mutate(north(1));
    await block(me, blocked);
    await block(blocker, me);
    expect((await me.api.invitations.nearby.query({})).people.map((p) => p.id)).not.toEqual(expect.arrayContaining([blocked.id]));
    expect((await me.api.invitations.nearby.query({})).people.map((p) => p.id)).not.toContain(blocker.id);
    expect((await blocked.api.invitations.nearby.query({})).people.map((p) => p.id)).not.toContain(me.id);
    await expectError(quiet.api.invitations.nearby.query({}), 'CONFLICT', 'LOCATION_NOT_SHARED');
  });

  it('lists public upcoming activities around me, nearest first', async () => {
    const [me, host] = await sharing(2, 'Around');
    if (!me || !host) throw new Error('no users');
    const close = await hostActivity(host, { place: north(1), title: 'Close run' });
    const away = await hostActivity(host, { place: north(5), title: 'Further run' });
    await hostActivity(host, { place: north(80), title: 'Far run' });
    await me.api.invitations.location.update.mutate(HERE);
    const found = await me.api.invitations.nearby.query({ radiusKm: 10 });
    const ids = found.activities.map((a) => a.id);
    expect(ids.indexOf(close.id)).toBeLessThan(ids.indexOf(away.id));
    expect(found.activities.every((a) => a.distanceKm !== null && a.distanceKm <= 10)).toBe(true);
  });

  it('refuses coordinates out of range and radii past the limit, with field errors', async () => {
    const [me] = await sharing(1, 'Wrong');
    if (!me) throw new Error('no user');
    await expectFieldErrors(me.api.invitations.location.update.mutate({ latitude: 91, longitude: 0 }), ['latitude']);
    await expectFieldErrors(me.api.invitations.location.update.mutate({ latitude: 0, longitude: -181 }), ['longitude']);
    await me.api.invitations.location.update.mutate(HERE);
    await expectFieldErrors(me.api.invitations.nearby.query({ radiusKm: 500 }), ['radiusKm']);
    await expectFieldErrors(me.api.invitations.nearby.query({ limit: 0 }), ['limit']);
  });
});
