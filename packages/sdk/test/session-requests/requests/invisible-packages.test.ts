import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError } from '../../expect-error';
import { startTestServer, type TestServer } from '../../harness';
import { unknownId } from '../../connections/helpers';
import { makeStudent } from '../setup';
import { addPackage, block, requestFor, tutorWithPackage } from './helpers';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

/** A tutor with one package offered and one archived, both with names a leak would show. */
async function tutorWithRetiredPackage(name = 'Bee') {
  const { tutor, pkg } = await tutorWithPackage(t, { name: 'Current course' }, name);
  const retired = await addPackage(tutor, { name: 'Old course' });
  await tutor.api.sessionRequests.packages.archive.mutate({ packageId: retired.id });
  return { tutor, pkg, retired };
}

describe('a package the caller cannot see answers exactly as one that does not exist', () => {
  it('create: another tutor’s archived package, or a package not of the tutor named', async () => {
    const [{ tutor, pkg, retired }, other, student] = await Promise.all([
      tutorWithRetiredPackage(),
      tutorWithRetiredPackage('Otto'),
      makeStudent(t),
    ]);
    const missing = await expectError(student.api.sessionRequests.create.mutate(requestFor(tutor, pkg, { packageId: unknownId() })), 'NOT_FOUND');
    expect(missing.message).toBe('Package not found.');
    const invisible = {
      'archived, of the tutor named': requestFor(tutor, retired),
      'offered, of another tutor': requestFor(tutor, other.pkg),
      'archived, of another tutor': requestFor(tutor, other.retired),
    };
    for (const [what, input] of Object.entries(invisible)) {
      const error = await expectError(student.api.sessionRequests.create.mutate(input), 'NOT_FOUND');
      expect(error.message, what).toBe(missing.message);
      expect(error.data?.reason ?? null, what).toBeNull();
    }
  });

  it('packages.get: another tutor’s archived package, or the package of a tutor blocked either way', async () => {
    const [{ tutor, pkg, retired }, viewer, blocker] = await Promise.all([tutorWithRetiredPackage(), makeStudent(t), makeStudent(t)]);
    const missing = await expectError(viewer.api.sessionRequests.packages.get.query({ packageId: unknownId() }), 'NOT_FOUND');
    expect((await expectError(viewer.api.sessionRequests.packages.get.query({ packageId: retired.id }), 'NOT_FOUND')).message).toBe(
      missing.message,
    );
    await block(tutor, viewer);
    await block(blocker, tutor);
    for (const user of [viewer, blocker]) {
      expect((await expectError(user.api.sessionRequests.packages.get.query({ packageId: pkg.id }), 'NOT_FOUND')).message).toBe(
        missing.message,
      );
    }
    // Its owner still sees it, archived.
    expect((await tutor.api.sessionRequests.packages.get.query({ packageId: retired.id })).archivedAt).not.toBeNull();
  });

  it('create: a package of a tutor who blocks the caller is the unknown tutor, not the package', async () => {
    const [{ tutor, pkg, retired }, student] = await Promise.all([tutorWithRetiredPackage(), makeStudent(t)]);
    const unknownTutor = await expectError(student.api.sessionRequests.create.mutate(requestFor(tutor, pkg, { tutorId: unknownId() })), 'NOT_FOUND');
    await block(tutor, student);
    for (const input of [requestFor(tutor, pkg), requestFor(tutor, retired)]) {
      expect((await expectError(student.api.sessionRequests.create.mutate(input), 'NOT_FOUND')).message).toBe(unknownTutor.message);
    }
  });
});
