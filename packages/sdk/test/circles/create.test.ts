import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError, settleAll } from '../expect-error';
import { startTestServer, type TestServer } from '../harness';
import { circleInput, countsInDatabase, createCircle, everyMember, everyMine } from './helpers';

// LIMITS.circlesOwnedPerUser
const OWNED_CAP = 10;

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

describe('create', () => {
  it('makes the creator its owner and first member; the colour is stored lower case', async () => {
    const ann = await t.user('Ann');
    const circle = await createCircle(ann, { color: '#39CCB7', imageUrl: 'https://img.example/mm.png' });
    expect(circle).toMatchObject({
      name: 'Mindful Mornings',
      category: 'Wellness',
      description: 'Start your day with intention and calm',
      imageUrl: 'https://img.example/mm.png',
      color: '#39ccb7',
      memberCount: 1,
      postCount: 0,
      lastPostAt: null,
      archivedAt: null,
      isMember: true,
      myRole: 'owner',
    });
    expect(await everyMember(ann, circle.id)).toEqual([{ id: ann.id, name: 'Ann', avatarUrl: null, role: 'owner', joinedAt: expect.any(String) }]);
    expect((await everyMine(ann)).map((c) => c.id)).toEqual([circle.id]);
    // Without an image and a description.
    const bare = await createCircle(ann, { description: undefined, imageUrl: undefined, name: 'Bare' });
    expect(bare).toMatchObject({ description: '', imageUrl: null });
  });

  it('50 identical creates at once make one circle, and every one returns it', async () => {
    const bob = await t.user('Bob');
    const input = circleInput({ name: 'Trail Runners', category: 'Fitness' });
    const results = await settleAll(Array.from({ length: 50 }, () => bob.api.community.circles.create.mutate(input)));
    expect(results.flatMap((r) => (r.ok ? [] : [`${r.error.data?.code}: ${r.error.message}`]))).toEqual([]);
    const ids = new Set(results.map((r) => (r.ok ? r.value.id : null)));
    expect(ids.size).toBe(1);
    const [id] = [...ids];
    if (typeof id !== 'string') throw new Error('an id expected');
    expect(await countsInDatabase(t, id)).toEqual({ rows: 1, kept: 1 });
    expect((await everyMine(bob)).map((c) => c.id)).toEqual([id]);
    // A later retry, even with other fields, is the first circle unchanged.
    const again = await bob.api.community.circles.create.mutate({ ...input, name: 'Something else' });
    expect(again).toMatchObject({ id, name: 'Trail Runners', memberCount: 1 });
  });

  it('the same client key from two people makes two circles', async () => {
    const [a, b] = await Promise.all([t.user(), t.user()]);
    const clientKey = randomUUID();
    const [one, two] = await Promise.all([createCircle(a, { clientKey }), createCircle(b, { clientKey })]);
    expect(one.id).not.toBe(two.id);
  });

  it(`caps the live circles one person owns at ${OWNED_CAP}, under concurrency; archiving frees a place, restoring takes it`, async () => {
    const cy = await t.user('Cy');
    const inputs = Array.from({ length: OWNED_CAP + 5 }, (_, i) => circleInput({ name: `Cy circle ${i}` }));
    const results = await settleAll(inputs.map((input) => cy.api.community.circles.create.mutate(input)));
    const made = results.flatMap((r) => (r.ok ? [r.value] : []));
    const refused = results.flatMap((r) => (r.ok ? [] : [r.error]));
    expect(made).toHaveLength(OWNED_CAP);
    expect(refused).toHaveLength(5);
    for (const error of refused) {
      expect(error.data?.code).toBe('CONFLICT');
      expect(error.message).toContain(`${OWNED_CAP} live circles`);
    }
    await expectError(createCircle(cy), 'CONFLICT');
    const [first] = made;
    if (!first) throw new Error('a circle expected');
    await cy.api.community.circles.archive.mutate({ circleId: first.id });
    const another = await createCircle(cy, { name: 'One more' });
    expect(another.myRole).toBe('owner');
    const error = await expectError(cy.api.community.circles.restore.mutate({ circleId: first.id }), 'CONFLICT');
    expect(error.message).toContain('Archive one or hand it');
    // At the cap, a retry of a create that succeeded still returns its circle.
    const madeInput = inputs[results.findIndex((r) => r.ok && r.value.id === made[1]?.id)];
    if (!madeInput) throw new Error('the input of a made circle expected');
    expect((await cy.api.community.circles.create.mutate(madeInput)).id).toBe(made[1]?.id);
  });
});
