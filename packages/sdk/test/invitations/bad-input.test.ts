import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouterInputs } from '../../src/index';
import { expectFieldErrors } from '../expect-error';
import { startTestServer, type TestServer, type TestUser } from '../harness';
import { hostActivity, invite, unchecked, type InvitationView } from './helpers';

type In = RouterInputs['invitations'];

let t: TestServer;
let host: TestUser;
let guest: TestUser;
let activityId: string;
let existing: InvitationView;
beforeAll(async () => {
  t = await startTestServer();
  [host, guest] = await Promise.all([t.user('Host'), t.user('Guest')]);
  activityId = (await hostActivity(host)).id;
  existing = await invite(host, guest, activityId);
});
afterAll(() => t.close());

describe('bad input is BAD_REQUEST naming the field, never a 500', () => {
  it.each([
    ['message', { message: 'x'.repeat(10_000) }],
    ['question', { question: 'q'.repeat(10_000) }],
    ['activityId', { activityId: 'not-a-uuid' }],
    ['recipientId', { recipientId: '1234' }],
    ['recipientId', { recipientId: undefined }],
    ['expiresAt', { expiresAt: 'next sunday' }],
    ['expiresAt', { expiresAt: '2031-13-45T99:00:00Z' }],
    ['expiresAt', { expiresAt: 1_900_000_000_000 }],
  ])('send: %s in %j', async (field, overrides) => {
    const input = { activityId, recipientId: guest.id, ...overrides };
    await expectFieldErrors(host.api.invitations.send.mutate(unchecked<In['send']>(input)), [field]);
  });

  it('send: an unknown key is refused, not ignored', async () => {
    const error = await expectFieldErrors(host.api.invitations.send.mutate(unchecked<In['send']>({ activityId, recipientId: guest.id, senderId: guest.id })), []);
    expect(JSON.stringify(error.data?.fieldErrors ?? {}) + error.message).toContain('senderId');
  });

  it.each([
    ['get', () => guest.api.invitations.get.query(unchecked<In['get']>({ invitationId: 'nope' }))],
    ['accept', () => guest.api.invitations.accept.mutate(unchecked<In['accept']>({ invitationId: 'nope' }))],
    ['decline', () => guest.api.invitations.decline.mutate(unchecked<In['decline']>({ invitationId: 42 }))],
    ['cancel', () => host.api.invitations.cancel.mutate(unchecked<In['cancel']>({ invitationId: '' }))],
  ])('%s: a bad invitationId', async (_, call) => {
    await expectFieldErrors(call(), ['invitationId']);
  });

  it.each([
    ['get', () => guest.api.invitations.get.query(unchecked<In['get']>({ invitationId: existing.id, extra: 1 }))],
    ['accept', () => guest.api.invitations.accept.mutate(unchecked<In['accept']>({ invitationId: existing.id, seat: 'participant' }))],
    ['cancel', () => host.api.invitations.cancel.mutate(unchecked<In['cancel']>({ invitationId: existing.id, reason: 'no' }))],
    ['list', () => guest.api.invitations.list.query(unchecked<In['list']>({ box: 'received', mine: true }))],
  ])('%s: an unknown key is BAD_REQUEST', async (_, call) => {
    await expectFieldErrors(call(), []);
  });

  it('decline: a 10,000-char reason', async () => {
    await expectFieldErrors(guest.api.invitations.decline.mutate({ invitationId: existing.id, reason: 'r'.repeat(10_000) }), ['reason']);
  });

  it.each([
    ['box', { box: 'outbox' }],
    ['box', {}],
    ['status', { box: 'sent', status: 'lapsed' }],
    ['limit', { box: 'sent', limit: 0 }],
    ['limit', { box: 'sent', limit: 101 }],
    ['cursor', { box: 'sent', cursor: 'garbage' }],
  ])('list: %s in %j', async (field, input) => {
    await expectFieldErrors(host.api.invitations.list.query(unchecked<In['list']>(input)), [field]);
  });

  it('after all of it, the one good invitation is still the only one, and still pending', async () => {
    const received = await guest.api.invitations.list.query({ box: 'received' });
    expect(received.items.map((i) => [i.id, i.status])).toEqual([[existing.id, 'pending']]);
  });
});
