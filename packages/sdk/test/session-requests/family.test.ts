import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer, type TestUser } from '../harness';
import { expectError, expectFieldErrors, settleAll } from '../expect-error';
import { unchecked, unknownId } from '../connections/helpers';
import { listen } from '../realtime/listen';
import { linkChild, makeParent, makeStudent, makeTutor } from './setup';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t.close();
});

const family = (user: TestUser) => user.api.sessionRequests.family;
const block = (blocker: TestUser, blocked: TestUser) =>
  blocker.api.connections.create.mutate({ targetUserId: blocked.id, type: 'block' });

/** Who is on the other end of each of the user's links, by side. */
async function linksOf(user: TestUser) {
  const view = await family(user).list.query();
  return {
    children: view.children.map((l) => ({ id: l.child.id, status: l.status })),
    parents: view.parents.map((l) => ({ id: l.parent.id, status: l.status })),
  };
}

describe('sessionRequests.family: the parent proposes', () => {
  it('is pending, seen by both sides, until the child accepts', async () => {
    const pat = await makeParent(t, 'Pat');
    const bea = await makeStudent(t, 'Bea');
    const proposed = await family(pat).link.mutate({ userId: bea.id, relation: 'child' });
    expect(proposed).toMatchObject({
      parent: { id: pat.id, name: 'Pat', avatarUrl: null },
      child: { id: bea.id, name: 'Bea', avatarUrl: null },
      status: 'pending',
      requestedBy: pat.id,
      respondedAt: null,
    });
    expect(await family(pat).list.query()).toEqual({ children: [proposed], parents: [] });
    expect(await family(bea).list.query()).toEqual({ children: [], parents: [proposed] });

    const accepted = await family(bea).accept.mutate({ userId: pat.id });
    expect(accepted).toMatchObject({ status: 'accepted', requestedBy: pat.id, createdAt: proposed.createdAt });
    expect(accepted.respondedAt).not.toBeNull();
    expect(await family(pat).list.query()).toEqual({ children: [accepted], parents: [] });
    expect(await family(bea).list.query()).toEqual({ children: [], parents: [accepted] });
  });

  it('accepting again returns the accepted link unchanged', async () => {
    const pat = await makeParent(t, 'Pat');
    const bea = await makeStudent(t, 'Bea');
    const first = await linkChild(pat, bea);
    expect(await family(bea).accept.mutate({ userId: pat.id })).toEqual(first);
  });
});

describe('sessionRequests.family: the child proposes', () => {
  it('is pending until the parent accepts', async () => {
    const pat = await makeParent(t, 'Pat');
    const bea = await makeStudent(t, 'Bea');
    const proposed = await family(bea).link.mutate({ userId: pat.id, relation: 'parent' });
    expect(proposed).toMatchObject({ parent: { id: pat.id }, child: { id: bea.id }, status: 'pending', requestedBy: bea.id });
    const accepted = await family(pat).accept.mutate({ userId: bea.id });
    expect(accepted).toMatchObject({ status: 'accepted', requestedBy: bea.id });
    expect(await linksOf(pat)).toEqual({ children: [{ id: bea.id, status: 'accepted' }], parents: [] });
    expect(await linksOf(bea)).toEqual({ children: [], parents: [{ id: pat.id, status: 'accepted' }] });
  });

  it('the proposer cannot accept their own proposal', async () => {
    const pat = await makeParent(t, 'Pat');
    const bea = await makeStudent(t, 'Bea');
    await family(bea).link.mutate({ userId: pat.id, relation: 'parent' });
    const error = await expectError(family(bea).accept.mutate({ userId: pat.id }), 'NOT_FOUND');
    expect(error.message).toBe('Family link request not found.');
    expect(await linksOf(bea)).toEqual({ children: [], parents: [{ id: pat.id, status: 'pending' }] });
  });
});

describe('sessionRequests.family.link: retries and crossing proposals', () => {
  it('proposing the same link again returns it unchanged, pending or accepted', async () => {
    const pat = await makeParent(t, 'Pat');
    const bea = await makeStudent(t, 'Bea');
    const first = await family(pat).link.mutate({ userId: bea.id, relation: 'child' });
    expect(await family(pat).link.mutate({ userId: bea.id, relation: 'child' })).toEqual(first);
    const accepted = await family(bea).accept.mutate({ userId: pat.id });
    expect(await family(pat).link.mutate({ userId: bea.id, relation: 'child' })).toEqual(accepted);
    expect(await family(bea).link.mutate({ userId: pat.id, relation: 'parent' })).toEqual(accepted);
  });

  it('asking for the link the other side proposed accepts it', async () => {
    const pat = await makeParent(t, 'Pat');
    const bea = await makeStudent(t, 'Bea');
    const proposed = await family(pat).link.mutate({ userId: bea.id, relation: 'child' });
    const crossed = await family(bea).link.mutate({ userId: pat.id, relation: 'parent' });
    expect(crossed).toMatchObject({ status: 'accepted', requestedBy: pat.id, createdAt: proposed.createdAt });
    expect(await linksOf(pat)).toEqual({ children: [{ id: bea.id, status: 'accepted' }], parents: [] });
  });

  it('refuses the reverse of an existing link', async () => {
    const pat = await makeParent(t, 'Pat');
    const bea = await makeStudent(t, 'Bea');
    await bea.api.sessionRequests.profiles.setParent.mutate();
    await pat.api.sessionRequests.profiles.setStudent.mutate({ gradeLevel: 'University' });
    await family(pat).link.mutate({ userId: bea.id, relation: 'child' });
    const error = await expectError(family(bea).link.mutate({ userId: pat.id, relation: 'child' }), 'CONFLICT');
    expect(error.message).toContain('Pat is already linked to you as your parent');
    expect(await linksOf(bea)).toEqual({ children: [], parents: [{ id: pat.id, status: 'pending' }] });
  });

  it('50 identical link calls at once make one link, and every call returns it', async () => {
    const pat = await makeParent(t, 'Pat');
    const bea = await makeStudent(t, 'Bea');
    const results = await settleAll(Array.from({ length: 50 }, () => family(pat).link.mutate({ userId: bea.id, relation: 'child' })));
    const failures = results.flatMap((r) => (r.ok ? [] : [r.error.message]));
    expect(failures).toEqual([]);
    const links = results.flatMap((r) => (r.ok ? [r.value] : []));
    expect(new Set(links.map((l) => JSON.stringify(l))).size).toBe(1);
    expect(await linksOf(pat)).toEqual({ children: [{ id: bea.id, status: 'pending' }], parents: [] });
    expect(await linksOf(bea)).toEqual({ children: [], parents: [{ id: pat.id, status: 'pending' }] });
  });

  it('50 crossing calls from both sides at once end in one accepted link', async () => {
    const pat = await makeParent(t, 'Pat');
    const bea = await makeStudent(t, 'Bea');
    const results = await settleAll(
      Array.from({ length: 50 }, (_, i) =>
        i % 2 === 0
          ? family(pat).link.mutate({ userId: bea.id, relation: 'child' })
          : family(bea).link.mutate({ userId: pat.id, relation: 'parent' }),
      ),
    );
    expect(results.filter((r) => !r.ok)).toEqual([]);
    expect(await linksOf(pat)).toEqual({ children: [{ id: bea.id, status: 'accepted' }], parents: [] });
    expect(await linksOf(bea)).toEqual({ children: [], parents: [{ id: pat.id, status: 'accepted' }] });
  });
});

describe('sessionRequests.family.link: who may link', () => {
  it('refuses linking yourself', async () => {
    const pat = await makeParent(t, 'Pat');
    await pat.api.sessionRequests.profiles.setStudent.mutate({ gradeLevel: 'Grade 9' });
    await expectError(family(pat).link.mutate({ userId: pat.id, relation: 'child' }), 'BAD_REQUEST');
    await expectError(family(pat).link.mutate({ userId: pat.id, relation: 'parent' }), 'BAD_REQUEST');
    expect(await linksOf(pat)).toEqual({ children: [], parents: [] });
  });

  it('is NOT_FOUND for an unknown user', async () => {
    const pat = await makeParent(t, 'Pat');
    const error = await expectError(family(pat).link.mutate({ userId: unknownId(), relation: 'child' }), 'NOT_FOUND');
    expect(error.message).toBe('User not found.');
  });

  it('tells the caller which profile they need', async () => {
    const bea = await makeStudent(t, 'Bea');
    const pat = await makeParent(t, 'Pat');
    const noParentProfile = await t.user('Nobody');
    const asParent = await expectError(family(noParentProfile).link.mutate({ userId: bea.id, relation: 'child' }), 'FORBIDDEN');
    expect(asParent.message).toBe('Create a parent profile (sessionRequests.profiles.setParent) before linking a child.');
    const asChild = await expectError(family(noParentProfile).link.mutate({ userId: pat.id, relation: 'parent' }), 'FORBIDDEN');
    expect(asChild.message).toContain('Create a student profile (sessionRequests.profiles.setStudent)');
  });

  it('names the other side when they lack the profile the link needs', async () => {
    const pat = await makeParent(t, 'Pat');
    const bea = await makeStudent(t, 'Bea');
    const tom = await makeTutor(t, 'Bob');
    const notAStudent = await expectError(family(pat).link.mutate({ userId: tom.id, relation: 'child' }), 'BAD_REQUEST');
    expect(notAStudent.message).toBe('Bob has no student profile yet; they need one before they can be linked as a child.');
    const notAParent = await expectError(family(bea).link.mutate({ userId: tom.id, relation: 'parent' }), 'BAD_REQUEST');
    expect(notAParent.message).toBe('Bob has no parent profile yet; they need one before they can be linked as a parent.');
    expect(await linksOf(pat)).toEqual({ children: [], parents: [] });
  });

  it('hides a user who blocks the caller, and asks the blocker to unblock first', async () => {
    const pat = await makeParent(t, 'Pat');
    const bea = await makeStudent(t, 'Bea');
    const cal = await makeStudent(t, 'Cal');
    await block(bea, pat);
    await block(pat, cal);
    const hidden = await expectError(family(pat).link.mutate({ userId: bea.id, relation: 'child' }), 'NOT_FOUND');
    expect(hidden.message).toBe('User not found.');
    const blocker = await expectError(family(pat).link.mutate({ userId: cal.id, relation: 'child' }), 'FORBIDDEN');
    expect(blocker.message).toBe('You have blocked Cal. Unblock them first.');
    await expectError(family(bea).link.mutate({ userId: pat.id, relation: 'parent' }), 'FORBIDDEN');
    await expectError(family(cal).link.mutate({ userId: pat.id, relation: 'parent' }), 'NOT_FOUND');
    expect(await linksOf(pat)).toEqual({ children: [], parents: [] });
  });

  it('cannot accept a proposal once either side blocks the other', async () => {
    const pat = await makeParent(t, 'Pat');
    const bea = await makeStudent(t, 'Bea');
    await family(pat).link.mutate({ userId: bea.id, relation: 'child' });
    await block(pat, bea);
    await expectError(family(bea).accept.mutate({ userId: pat.id }), 'NOT_FOUND');
    // To Bea, Pat who blocked her is not found, nor is his proposal; he still sees it.
    expect(await linksOf(bea)).toEqual({ children: [], parents: [] });
    expect(await linksOf(pat)).toEqual({ children: [{ id: bea.id, status: 'pending' }], parents: [] });
  });

  it('caps a child at 4 parents, pending ones included', async () => {
    const bea = await makeStudent(t, 'Bea');
    const [one, two, three, four] = await Promise.all([
      makeParent(t, 'Parent 1'),
      makeParent(t, 'Parent 2'),
      makeParent(t, 'Parent 3'),
      makeParent(t, 'Parent 4'),
    ]);
    await linkChild(one, bea);
    await family(two).link.mutate({ userId: bea.id, relation: 'child' });
    await linkChild(three, bea);
    await family(bea).link.mutate({ userId: four.id, relation: 'parent' });
    const fifth = await makeParent(t, 'Fifth');
    const full = await expectError(family(fifth).link.mutate({ userId: bea.id, relation: 'child' }), 'CONFLICT');
    expect(full.message).toContain('Bea already has 4 parents');
    const own = await expectError(family(bea).link.mutate({ userId: fifth.id, relation: 'parent' }), 'CONFLICT');
    expect(own.message).toContain('You already have 4 parents');

    // Existing links are still retry-safe at the cap, and removing one frees a place.
    expect((await family(two).link.mutate({ userId: bea.id, relation: 'child' })).status).toBe('pending');
    expect((await family(four).accept.mutate({ userId: bea.id })).status).toBe('accepted');
    await family(bea).remove.mutate({ userId: one.id });
    expect((await family(fifth).link.mutate({ userId: bea.id, relation: 'child' })).status).toBe('pending');
    expect((await linksOf(bea)).parents).toHaveLength(4);
  });

  it('caps a parent at 20 children, even when the last links race', async () => {
    const pat = await makeParent(t, 'Pat');
    const kids = await Promise.all(Array.from({ length: 24 }, (_, i) => makeStudent(t, `Kid ${i}`)));
    const [early, racing] = [kids.slice(0, 16), kids.slice(16)];
    for (const kid of early) await family(pat).link.mutate({ userId: kid.id, relation: 'child' });
    // Fewer racers than the server's pool has connections: without a lock they would all read 16 and insert.
    const results = await settleAll(racing.map((kid) => family(pat).link.mutate({ userId: kid.id, relation: 'child' })));
    expect(results.filter((r) => r.ok)).toHaveLength(4);
    const refused = results.flatMap((r) => (r.ok ? [] : [r.error]));
    expect(refused.map((e) => e.data?.code)).toEqual(['CONFLICT', 'CONFLICT', 'CONFLICT', 'CONFLICT']);
    expect(refused[0]?.message).toContain('You already have 20 children');
    expect((await linksOf(pat)).children).toHaveLength(20);

    const leftOut = racing.find((_, i) => results[i]?.ok === false);
    if (!leftOut) throw new Error('expected a child to be refused');
    const theirs = await expectError(family(leftOut).link.mutate({ userId: pat.id, relation: 'parent' }), 'CONFLICT');
    expect(theirs.message).toContain('Pat already has 20 children');
  });
});

describe('sessionRequests.family.remove', () => {
  it('lets the child decline a pending proposal', async () => {
    const pat = await makeParent(t, 'Pat');
    const bea = await makeStudent(t, 'Bea');
    await family(pat).link.mutate({ userId: bea.id, relation: 'child' });
    expect(await family(bea).remove.mutate({ userId: pat.id })).toEqual({ parentId: pat.id, childId: bea.id });
    expect(await linksOf(pat)).toEqual({ children: [], parents: [] });
    expect(await linksOf(bea)).toEqual({ children: [], parents: [] });
    await expectError(family(bea).accept.mutate({ userId: pat.id }), 'NOT_FOUND');
  });

  it('lets the parent end an accepted link, which then no longer counts', async () => {
    const pat = await makeParent(t, 'Pat');
    const bea = await makeStudent(t, 'Bea');
    await linkChild(pat, bea);
    expect((await pat.api.sessionRequests.profiles.student.query({ userId: bea.id })).userId).toBe(bea.id);
    expect(await family(pat).remove.mutate({ userId: bea.id })).toEqual({ parentId: pat.id, childId: bea.id });
    await expectError(pat.api.sessionRequests.profiles.student.query({ userId: bea.id }), 'NOT_FOUND');
    const again = await expectError(family(pat).remove.mutate({ userId: bea.id }), 'NOT_FOUND');
    expect(again.message).toBe('Family link not found.');
  });

  it('works after a block, so nobody is tied to a link', async () => {
    const pat = await makeParent(t, 'Pat');
    const bea = await makeStudent(t, 'Bea');
    await linkChild(pat, bea);
    await block(pat, bea);
    await family(bea).remove.mutate({ userId: pat.id });
    expect(await linksOf(pat)).toEqual({ children: [], parents: [] });
  });

  it('is NOT_FOUND between strangers, for yourself and for an unknown id', async () => {
    const pat = await makeParent(t, 'Pat');
    const bea = await makeStudent(t, 'Bea');
    const cal = await makeStudent(t, 'Cal');
    await linkChild(pat, bea);
    await expectError(family(cal).remove.mutate({ userId: pat.id }), 'NOT_FOUND');
    await expectError(family(pat).remove.mutate({ userId: pat.id }), 'NOT_FOUND');
    await expectError(family(pat).remove.mutate({ userId: unknownId() }), 'NOT_FOUND');
    expect(await linksOf(pat)).toEqual({ children: [{ id: bea.id, status: 'accepted' }], parents: [] });
  });
});

describe('sessionRequests.family.list', () => {
  it('lists children and parents newest first, each side with both people', async () => {
    const pat = await makeParent(t, 'Pat');
    await pat.api.sessionRequests.profiles.setStudent.mutate({ gradeLevel: 'University' });
    const first = await makeStudent(t, 'First');
    const second = await makeStudent(t, 'Second');
    const grandma = await makeParent(t, 'Grandma');
    await linkChild(pat, first);
    await family(pat).link.mutate({ userId: second.id, relation: 'child' });
    await linkChild(grandma, pat);
    const view = await family(pat).list.query();
    expect(view.children.map((l) => [l.child.name, l.status])).toEqual([
      ['Second', 'pending'],
      ['First', 'accepted'],
    ]);
    expect(view.children.every((l) => l.parent.id === pat.id)).toBe(true);
    expect(view.parents).toMatchObject([{ parent: { id: grandma.id, name: 'Grandma' }, child: { id: pat.id }, status: 'accepted' }]);
  });
});

describe('sessionRequests.family: bad input', () => {
  it('rejects a bad id or relation with field errors', async () => {
    const pat = await makeParent(t, 'Pat');
    await expectFieldErrors(family(pat).link.mutate({ userId: 'nope', relation: 'child' }), ['userId']);
    await expectFieldErrors(family(pat).link.mutate(unchecked({ userId: unknownId(), relation: 'sibling' })), ['relation']);
    await expectFieldErrors(family(pat).accept.mutate({ userId: 'nope' }), ['userId']);
    await expectFieldErrors(family(pat).remove.mutate({ userId: 'nope' }), ['userId']);
  });

  it('requires a session', async () => {
    await expectError(t.anonymous().api.sessionRequests.family.list.query(), 'UNAUTHORIZED');
  });
});

describe('family.updated events', () => {
  it('reach both sides when a link is proposed, accepted and removed', async () => {
    const pat = await makeParent(t, 'Pat');
    const bea = await makeStudent(t, 'Bea');
    const patHears = listen(pat);
    const beaHears = listen(bea);
    try {
      await family(pat).link.mutate({ userId: bea.id, relation: 'child' });
      // A retry changes nothing and says nothing.
      await family(pat).link.mutate({ userId: bea.id, relation: 'child' });
      await family(bea).accept.mutate({ userId: pat.id });
      await family(bea).remove.mutate({ userId: pat.id });
      const expected = [
        { type: 'family.updated', parentId: pat.id, childId: bea.id, status: 'pending', byUserId: pat.id },
        { type: 'family.updated', parentId: pat.id, childId: bea.id, status: 'accepted', byUserId: bea.id },
        { type: 'family.updated', parentId: pat.id, childId: bea.id, status: 'removed', byUserId: bea.id },
      ];
      const family3 = (events: { type: string }[]) => events.filter((e) => e.type === 'family.updated').length >= 3;
      await Promise.all([patHears.until(family3), beaHears.until(family3)]);
      // Give a stray fourth event time to arrive before counting.
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(patHears.events.filter((e) => e.type === 'family.updated')).toMatchObject(expected);
      expect(beaHears.events.filter((e) => e.type === 'family.updated')).toMatchObject(expected);
      expect(patHears.events.filter((e) => e.type === 'family.updated')).toHaveLength(3);
    } finally {
      patHears.stop();
      beaHears.stop();
    }
  });

  it('reach nobody else', async () => {
    const pat = await makeParent(t, 'Pat');
    const bea = await makeStudent(t, 'Bea');
    const stranger = await t.user('Stranger');
    const strangerHears = listen(stranger);
    try {
      await linkChild(pat, bea);
      // The log is ordered: once the stranger hears this later follow, a family event meant for them would already be here.
      await pat.api.connections.create.mutate({ targetUserId: stranger.id, type: 'follow' });
      await strangerHears.until((events) => events.some((e) => e.type === 'connection.followed'));
      expect(strangerHears.events.map((e) => e.type)).toEqual(['connection.followed']);
    } finally {
      strangerHears.stop();
    }
  });
});
