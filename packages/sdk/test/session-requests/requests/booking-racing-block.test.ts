import { connections } from '@rapport/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError, settleAll } from '../../expect-error';
import { startTestServer, type TestServer, type TestUser } from '../../harness';
import { block, family, parentRequestFor, requestFor, tutorWithPackage, wholeBox } from './helpers';
import { makeStudent } from '../setup';

const ROUNDS = 16;

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

/** The parent's pending requests with this tutor: what a block between tutor and child must not leave. */
async function pendingWith(parent: TestUser, tutor: TestUser) {
  return (await wholeBox(parent, 'sent', 'pending')).filter((r) => r.tutor.id === tutor.id);
}

type Blocker = 'the tutor blocks the child' | 'the child blocks the tutor' | 'the child blocks the parent' | 'the parent blocks the child';

describe("a parent's booking racing a block between the tutor and the child, or the parent and the child", () => {
  for (const who of ['the tutor blocks the child', 'the child blocks the tutor', 'the child blocks the parent', 'the parent blocks the child'] as const) {
    it(`never leaves a pending request beside the block (${who}, ${ROUNDS} rounds)`, async () => {
      // A block between parent and child ends their link's use: a new family each round.
      const between = (tutor: TestUser, parent: TestUser, child: TestUser): Record<Blocker, [TestUser, TestUser]> => ({
        'the tutor blocks the child': [tutor, child],
        'the child blocks the tutor': [child, tutor],
        'the child blocks the parent': [child, parent],
        'the parent blocks the child': [parent, child],
      });
      const sameFamily = who === 'the tutor blocks the child' || who === 'the child blocks the tutor' ? await family(t) : null;
      for (let round = 0; round < ROUNDS; round++) {
        const { parent, child } = sameFamily ?? (await family(t));
        const { tutor, pkg } = await tutorWithPackage(t, {}, `Tutor ${round + 1}`);
        const [blocker, blocked] = between(tutor, parent, child)[who];
        const [booking, blocking] = await settleAll<unknown>([
          parent.api.sessionRequests.create.mutate(parentRequestFor(tutor, pkg, child)),
          block(blocker, blocked),
        ]);
        expect(blocking?.ok, `round ${round + 1}: the block`).toBe(true);
        // The booking either came first (and the block ended it) or came second (and was refused:
        // the tutor is not found, or the child is no longer one the parent may book for).
        if (booking && !booking.ok) expect(['NOT_FOUND', 'FORBIDDEN']).toContain(booking.error.data?.code);
        expect(await pendingWith(parent, tutor), `round ${round + 1}`).toEqual([]);
        expect(await wholeBox(tutor, 'received', 'pending'), `round ${round + 1}`).toEqual([]);
      }
    });
  }
});

/**
 * Writes a block the way data from before the booking lock could stand:
 * beside a pending request, with nothing ended. Straight into the table,
 * since every path through the API now ends the request first.
 */
async function blockAroundTheService(blocker: TestUser, blocked: TestUser) {
  await t.server.deps.db.insert(connections).values({ requesterId: blocker.id, addresseeId: blocked.id, type: 'block', status: 'accepted' });
}

describe('accepting a pending request across a block', () => {
  it('is FORBIDDEN when the tutor blocks the requester or the child, naming whom to unblock', async () => {
    const [{ tutor, pkg }, { parent, child }, student] = await Promise.all([tutorWithPackage(t), family(t), makeStudent(t, 'Sam')]);
    const own = await student.api.sessionRequests.create.mutate(requestFor(tutor, pkg));
    const forChild = await parent.api.sessionRequests.create.mutate(parentRequestFor(tutor, pkg, child));
    await blockAroundTheService(tutor, student);
    await blockAroundTheService(tutor, child);
    const refusedOwn = await expectError(tutor.api.sessionRequests.accept.mutate({ requestId: own.id }), 'FORBIDDEN');
    expect(refusedOwn.message).toBe(`You have blocked ${student.name}. Unblock them to accept this request.`);
    const refusedChild = await expectError(tutor.api.sessionRequests.accept.mutate({ requestId: forChild.id }), 'FORBIDDEN');
    expect(refusedChild.message).toBe(`You have blocked ${child.name}. Unblock them to accept this request.`);
    for (const request of [own, forChild]) {
      expect((await tutor.api.sessionRequests.get.query({ requestId: request.id })).status).toBe('pending');
    }
  });

  it('is NOT_FOUND when the child the request is for blocks the tutor', async () => {
    const [{ tutor, pkg }, { parent, child }] = await Promise.all([tutorWithPackage(t), family(t)]);
    const request = await parent.api.sessionRequests.create.mutate(parentRequestFor(tutor, pkg, child));
    await blockAroundTheService(child, tutor);
    await expectError(tutor.api.sessionRequests.accept.mutate({ requestId: request.id }), 'NOT_FOUND');
    expect((await parent.api.sessionRequests.get.query({ requestId: request.id })).status).toBe('pending');
  });
});

describe('a booking and a block, one after the other', () => {
  it('a block between parent and child ends the pending bookings the parent made for that child, either way round', async () => {
    for (const childBlocks of [true, false]) {
      const [{ tutor, pkg }, { parent, child }] = await Promise.all([tutorWithPackage(t), family(t)]);
      const booked = await parent.api.sessionRequests.create.mutate(parentRequestFor(tutor, pkg, child));
      if (childBlocks) await block(child, parent);
      else await block(parent, child);
      expect((await tutor.api.sessionRequests.get.query({ requestId: booked.id })).status).toBe('cancelled');
      await expectError(parent.api.sessionRequests.create.mutate(parentRequestFor(tutor, pkg, child)), 'FORBIDDEN');
      expect(await wholeBox(tutor, 'received', 'pending')).toEqual([]);
    }
  });

  it('block first: the booking is refused; booking first: the block ends it', async () => {
    const [{ tutor, pkg }, { parent, child }] = await Promise.all([tutorWithPackage(t), family(t)]);
    const booked = await parent.api.sessionRequests.create.mutate(parentRequestFor(tutor, pkg, child));
    await block(tutor, child);
    expect((await parent.api.sessionRequests.get.query({ requestId: booked.id })).status).toBe('rejected');
    await expectError(parent.api.sessionRequests.create.mutate(parentRequestFor(tutor, pkg, child)), 'NOT_FOUND');
    expect(await pendingWith(parent, tutor)).toEqual([]);
  });
});
