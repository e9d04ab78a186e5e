import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settleAll } from '../../expect-error';
import { startTestServer, type TestServer } from '../../harness';
import { ids } from '../../connections/helpers';
import { makeStudent } from '../setup';
import {
  addPackage,
  allMessages,
  cardMessages,
  newClientKey,
  pendingRequest,
  requestFor,
  transitionMessages,
  tutorWithPackage,
  wholeBox,
} from './helpers';

const TIMES = 50;

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

const times = <T>(n: number, call: () => Promise<T>) => Array.from({ length: n }, call);

describe(`${TIMES} identical creates at once`, () => {
  it('without a client key: one succeeds, the rest are CONFLICT, one row and one card', async () => {
    const [{ tutor, pkg }, student] = await Promise.all([tutorWithPackage(t), makeStudent(t)]);
    const results = await settleAll(times(TIMES, () => student.api.sessionRequests.create.mutate(requestFor(tutor, pkg))));
    const won = results.flatMap((r) => (r.ok ? [r.value] : []));
    const lost = results.flatMap((r) => (r.ok ? [] : [r.error]));
    expect(won).toHaveLength(1);
    expect(lost.map((e) => `${e.data?.code} ${e.data?.reason}`)).toEqual(Array(TIMES - 1).fill('CONFLICT REQUEST_ALREADY_SENT'));
    const [request] = won;
    if (!request) throw new Error('one request expected');
    for (const e of lost) expect(e.message).toContain(request.id);

    expect(ids(await wholeBox(student, 'sent'))).toEqual([request.id]);
    expect(ids(await wholeBox(tutor, 'received'))).toEqual([request.id]);
    // The conversation was fresh: its only message is the one card, at seq 1, with no gaps from the losers.
    const messages = await allMessages(tutor, request.conversationId);
    expect(messages.map((m) => [m.seq, m.kind, m.id])).toEqual([[1, 'session_request', request.messageId]]);
    expect((await student.api.chat.get.query({ conversationId: request.conversationId })).lastSeq).toBe(1);
    expect((await student.api.chat.list.query({ limit: 100 })).items.map((c) => c.id)).toEqual([request.conversationId]);
  });

  it('with one client key: every call returns the same request, one row and one card', async () => {
    const [{ tutor, pkg }, student] = await Promise.all([tutorWithPackage(t), makeStudent(t)]);
    const clientKey = newClientKey();
    const results = await settleAll(times(TIMES, () => student.api.sessionRequests.create.mutate(requestFor(tutor, pkg, { clientKey }))));
    const failures = results.flatMap((r) => (r.ok ? [] : [`${r.error.data?.code}: ${r.error.message}`]));
    expect(failures).toEqual([]);
    const won = results.flatMap((r) => (r.ok ? [r.value] : []));
    expect(new Set(won.map((r) => r.id)).size).toBe(1);
    expect(new Set(won.map((r) => r.messageId)).size).toBe(1);
    const [request] = won;
    expect(ids(await wholeBox(student, 'sent'))).toEqual([request?.id]);
    const cards = await cardMessages(student, request?.conversationId ?? '');
    expect(cards.map((m) => m.id)).toEqual([request?.messageId]);
    expect((await student.api.chat.get.query({ conversationId: request?.conversationId ?? '' })).lastSeq).toBe(1);
  });

  it('requests for different packages at once all land, in one conversation, with seqs 1..n', async () => {
    const { tutor } = await tutorWithPackage(t);
    const student = await makeStudent(t);
    const packages = await Promise.all(Array.from({ length: 12 }, (_, i) => addPackage(tutor, { name: `Parallel ${i + 1}` })));
    const results = await settleAll(packages.map((pkg) => student.api.sessionRequests.create.mutate(requestFor(tutor, pkg))));
    expect(results.flatMap((r) => (r.ok ? [] : [`${r.error.data?.code}: ${r.error.message}`]))).toEqual([]);
    const made = results.flatMap((r) => (r.ok ? [r.value] : []));
    // Racing to open the direct conversation still makes only one.
    const conversationIds = new Set(made.map((r) => r.conversationId));
    expect(conversationIds.size).toBe(1);
    const [conversationId] = conversationIds;
    const messages = await allMessages(student, conversationId ?? '');
    expect(messages.map((m) => m.seq)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect(new Set(messages.map((m) => m.id))).toEqual(new Set(made.map((r) => r.messageId)));
    expect(await wholeBox(tutor, 'received')).toHaveLength(12);
  });
});

describe('transitions racing', () => {
  it('accept and cancel at the same moment: exactly one wins, and the request ends in its state', async () => {
    // Either may win (on PGlite calls run one at a time, so usually the first); the point is that it is always exactly one.
    for (let round = 0; round < 6; round++) {
      const { tutor, student, request } = await pendingRequest(t);
      const [accept, cancel] = await settleAll([
        tutor.api.sessionRequests.accept.mutate({ requestId: request.id }),
        student.api.sessionRequests.cancel.mutate({ requestId: request.id }),
      ]);
      if (!accept || !cancel) throw new Error('two outcomes expected');
      expect([accept.ok, cancel.ok].filter(Boolean)).toHaveLength(1);
      const loser = accept.ok ? cancel : accept;
      expect(loser.ok ? null : loser.error.data?.code).toBe('CONFLICT');
      const expected = accept.ok ? 'accepted' : 'cancelled';
      const final = await tutor.api.sessionRequests.get.query({ requestId: request.id });
      expect(final).toMatchObject({ status: expected, respondedBy: accept.ok ? tutor.id : student.id });
      const system = await transitionMessages(student, request.conversationId, request.id);
      expect(system.map((m) => m.metadata?.['event'])).toEqual([`session_request_${expected}`]);
      const [card] = await cardMessages(student, request.conversationId);
      expect(card?.metadata.status).toBe(expected);
    }
  });

  it(`${TIMES} accepts and ${TIMES} cancels at once: one transition, the rest of its side see it done, the other side CONFLICT`, async () => {
    const { tutor, student, request } = await pendingRequest(t);
    const results = await settleAll([
      ...times(TIMES, () => tutor.api.sessionRequests.accept.mutate({ requestId: request.id })),
      ...times(TIMES, () => student.api.sessionRequests.cancel.mutate({ requestId: request.id })),
    ]);
    const accepts = results.slice(0, TIMES);
    const cancels = results.slice(TIMES);
    const final = await tutor.api.sessionRequests.get.query({ requestId: request.id });
    expect(['accepted', 'cancelled']).toContain(final.status);
    const [winners, losers] = final.status === 'accepted' ? [accepts, cancels] : [cancels, accepts];
    // The winner's repeats are idempotent: they return the request as the winner left it.
    for (const r of winners) expect(r.ok ? r.value : r.error.message).toEqual(final);
    for (const r of losers) expect(r.ok ? `succeeded as ${r.value.status}` : r.error.data?.code).toBe('CONFLICT');

    const system = await transitionMessages(tutor, request.conversationId, request.id);
    expect(system.map((m) => m.metadata?.['event'])).toEqual([`session_request_${final.status}`]);
    expect((await tutor.api.chat.get.query({ conversationId: request.conversationId })).lastSeq).toBe(2);
    expect((await cardMessages(tutor, request.conversationId)).map((m) => m.metadata.status)).toEqual([final.status]);
  });

  it(`${TIMES} rejects with different reasons at once: one reason is kept, one system message`, async () => {
    const { tutor, request } = await pendingRequest(t);
    const results = await settleAll(
      Array.from({ length: TIMES }, (_, i) => tutor.api.sessionRequests.reject.mutate({ requestId: request.id, reason: `Reason ${i}` })),
    );
    expect(results.flatMap((r) => (r.ok ? [] : [r.error.message]))).toEqual([]);
    const final = await tutor.api.sessionRequests.get.query({ requestId: request.id });
    expect(final.rejectReason).toMatch(/^Reason \d+$/);
    for (const r of results) expect(r.ok ? r.value.rejectReason : null).toBe(final.rejectReason);
    expect(await transitionMessages(tutor, request.conversationId, request.id)).toHaveLength(1);
  });

  it('a create racing a cancel of the pending one never leaves two pending', async () => {
    const { tutor, pkg, student, request } = await pendingRequest(t);
    const [cancel, ...creates] = await settleAll<unknown>([
      student.api.sessionRequests.cancel.mutate({ requestId: request.id }),
      ...times(10, () => student.api.sessionRequests.create.mutate(requestFor(tutor, pkg))),
    ]);
    expect(cancel?.ok).toBe(true);
    for (const r of creates) if (!r.ok) expect(r.error.data?.code).toBe('CONFLICT');
    const pending = await wholeBox(student, 'sent', 'pending');
    expect(pending.length).toBeLessThanOrEqual(1);
    expect(creates.filter((r) => r.ok)).toHaveLength(pending.length);
  });
});
