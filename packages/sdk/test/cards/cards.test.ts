import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allPages, block, hostActivity, signUp } from '../activities/helpers';
import { endActivity } from '../activities/time-travel';
import { expectError, expectFieldErrors } from '../expect-error';
import { startTestServer, type TestServer, type TestUser } from '../harness';

/**
 * Name cards: each user chooses what theirs shares; after an activity they
 * both took part in, one keeps the other's card, once, with where they met;
 * never across a block.
 */

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

/** A host and guests who took part in an activity that has taken place. */
async function met(guests: number): Promise<{ host: TestUser; people: TestUser[]; activityId: string; title: string }> {
  const [host, ...people] = await signUp(t, guests + 1, 'Card');
  if (host === undefined) throw new Error('no host');
  const activity = await hostActivity(host, { capacity: guests + 2 });
  for (const person of people) await person.api.invitations.activities.join.mutate({ activityId: activity.id });
  await endActivity(t, activity.id);
  return { host, people, activityId: activity.id, title: activity.title };
}

describe('invitations.cards', () => {
  it('shares on my card only what I chose, and stops sharing a field set to null', async () => {
    const [me] = await signUp(t, 1, 'Sharer');
    if (!me) throw new Error('no user');
    expect((await me.api.invitations.cards.mine.query()).contact).toEqual({ phone: null, email: null, website: null, instagram: null, linkedin: null });
    const card = await me.api.invitations.cards.updateMine.mutate({ phone: '+33 6 12 34 56 78', instagram: '@sharer.runs', website: 'https://sharer.example' });
    expect(card.contact).toEqual({ phone: '+33 6 12 34 56 78', email: null, website: 'https://sharer.example', instagram: 'sharer.runs', linkedin: null });
    const less = await me.api.invitations.cards.updateMine.mutate({ website: null });
    expect(less.contact).toMatchObject({ phone: '+33 6 12 34 56 78', website: null, instagram: 'sharer.runs' });
  });

  it('refuses contact fields that are not what they say, with field errors', async () => {
    const [me] = await signUp(t, 1, 'Careless');
    if (!me) throw new Error('no user');
    await expectFieldErrors(me.api.invitations.cards.updateMine.mutate({ phone: 'call me' }), ['phone']);
    await expectFieldErrors(me.api.invitations.cards.updateMine.mutate({ email: 'not-an-email' }), ['email']);
    await expectFieldErrors(me.api.invitations.cards.updateMine.mutate({ website: 'http://plain.example' }), ['website']);
    await expectFieldErrors(me.api.invitations.cards.updateMine.mutate({ instagram: 'no spaces allowed' }), ['instagram']);
    await expectFieldErrors(me.api.invitations.cards.updateMine.mutate({ linkedin: 'x'.repeat(10_000) }), ['linkedin']);
    await expectError(me.api.invitations.cards.updateMine.mutate({}), 'BAD_REQUEST');
  });

  it('keeps the card of someone met, once, with their shared fields and where we met', async () => {
    const { host, people, activityId, title } = await met(1);
    const [guest] = people;
    if (!guest) throw new Error('no guest');
    await host.api.invitations.cards.updateMine.mutate({ email: 'host@example.test' });
    const kept = await guest.api.invitations.cards.collect.mutate({ userId: host.id, activityId });
    expect(kept).toMatchObject({ user: { id: host.id }, contact: { email: 'host@example.test', phone: null }, metAt: { activityId, title } });
    const again = await guest.api.invitations.cards.collect.mutate({ userId: host.id, activityId });
    expect(again.collectedAt).toBe(kept.collectedAt);
    expect((await guest.api.invitations.cards.list.query({})).items.map((c) => c.user.id)).toEqual([host.id]);
    // The card shows what its owner shares now.
    await host.api.invitations.cards.updateMine.mutate({ email: null, phone: '+44 20 7946 0958' });
    expect((await guest.api.invitations.cards.list.query({})).items[0]?.contact).toMatchObject({ email: null, phone: '+44 20 7946 0958' });
    expect(await guest.api.invitations.cards.remove.mutate({ userId: host.id })).toEqual({ removed: true });
    expect(await guest.api.invitations.cards.remove.mutate({ userId: host.id })).toEqual({ removed: false });
    expect((await guest.api.invitations.cards.list.query({})).items).toEqual([]);
  });

  it('refuses before the activity, between people who did not both take part, and oneself', async () => {
    const [host, guest, outsider] = await signUp(t, 3, 'NotYet');
    if (!host || !guest || !outsider) throw new Error('no users');
    const upcoming = await hostActivity(host);
    await guest.api.invitations.activities.join.mutate({ activityId: upcoming.id });
    await expectError(guest.api.invitations.cards.collect.mutate({ userId: host.id, activityId: upcoming.id }), 'CONFLICT');
    await endActivity(t, upcoming.id);
    await expectError(outsider.api.invitations.cards.collect.mutate({ userId: host.id, activityId: upcoming.id }), 'FORBIDDEN');
    await expectError(guest.api.invitations.cards.collect.mutate({ userId: outsider.id, activityId: upcoming.id }), 'FORBIDDEN');
    await expectError(guest.api.invitations.cards.collect.mutate({ userId: guest.id, activityId: upcoming.id }), 'BAD_REQUEST');
  });

  it('never across a block: not collected, and not listed once a block comes after', async () => {
    const { host, people, activityId } = await met(2);
    const [ann, bob] = people;
    if (!ann || !bob) throw new Error('no guests');
    await ann.api.invitations.cards.collect.mutate({ userId: bob.id, activityId });
    await block(bob, ann);
    expect((await ann.api.invitations.cards.list.query({})).items).toEqual([]);
    await expectError(bob.api.invitations.cards.collect.mutate({ userId: ann.id, activityId }), 'NOT_FOUND');
    await block(host, bob);
    await expectError(bob.api.invitations.cards.collect.mutate({ userId: host.id, activityId }), 'NOT_FOUND');
  });

  it('pages through many cards, newest first, with nothing lost or repeated', async () => {
    const { people, activityId } = await met(7);
    const [collector, ...others] = people;
    if (!collector) throw new Error('no collector');
    for (const other of others) await collector.api.invitations.cards.collect.mutate({ userId: other.id, activityId });
    const all = await allPages(2, (cursor) => collector.api.invitations.cards.list.query({ limit: 2, cursor }));
    expect(all.map((c) => c.user.id)).toEqual([...others].reverse().map((o) => o.id));
  });
});
