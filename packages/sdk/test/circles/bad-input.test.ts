import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, it } from 'vitest';
import type { RouterInputs } from '../../src/index';
import { unchecked } from '../connections/helpers';
import { expectFieldErrors } from '../expect-error';
import { startTestServer, type TestServer, type TestUser } from '../harness';
import { circleInput, createCircle, type Circle } from './helpers';

type In = RouterInputs['community']['circles'];

let t: TestServer;
let ann: TestUser;
let circle: Circle;
beforeAll(async () => {
  t = await startTestServer();
  ann = await t.user('Ann');
  circle = await createCircle(ann);
});
afterAll(() => t.close());

const cursorOf = (position: unknown) => Buffer.from(JSON.stringify(position)).toString('base64url');

describe('create: bad input is BAD_REQUEST naming the field, never a 500', () => {
  const create = (input: unknown) => ann.api.community.circles.create.mutate(unchecked<In['create']>(input));
  it.each([
    ['color', { color: '39CCB7' }],
    ['color', { color: '#39CCB' }],
    ['color', { color: '#39CCBZ' }],
    ['color', { color: 'teal' }],
    ['color', { color: '#39CCB7 ' }],
    ['color', { color: undefined }],
    ['category', { category: 'Cooking' }],
    ['category', { category: 'wellness' }],
    ['category', { category: undefined }],
    ['name', { name: '' }],
    ['name', { name: '   ' }],
    ['name', { name: 'x'.repeat(81) }],
    ['name', { name: 'x'.repeat(100_000) }],
    ['name', { name: 'bell\u0007' }],
    ['name', { name: 42 }],
    ['description', { description: 'y'.repeat(1001) }],
    ['description', { description: 'nul\u0000' }],
    ['imageUrl', { imageUrl: 'http://img.example/a.png' }],
    ['imageUrl', { imageUrl: 'javascript:alert(1)' }],
    ['imageUrl', { imageUrl: `https://img.example/${'a'.repeat(2100)}` }],
    ['imageUrl', { imageUrl: 'not a url' }],
    ['clientKey', { clientKey: undefined }],
    ['clientKey', { clientKey: 'short' }],
    ['clientKey', { clientKey: 'has spaces in it' }],
    ['clientKey', { clientKey: 'k'.repeat(65) }],
  ])('%s: %j', async (field, overrides) => {
    await expectFieldErrors(create({ ...circleInput(), ...overrides }), [field]);
  });

  it('unknown keys are refused', async () => {
    await expectFieldErrors(create({ ...circleInput(), ownerId: randomUUID() }), ['_']);
    await expectFieldErrors(create({ ...circleInput(), memberCount: 100 }), ['_']);
  });
});

describe('the other procedures', () => {
  it.each([
    ['color', { color: '#GGGGGG' }],
    ['category', { category: 'Gardening' }],
    ['name', { name: '' }],
    ['description', { description: 'z'.repeat(1001) }],
    ['imageUrl', { imageUrl: 'ftp://x.example/a.png' }],
    ['circleId', { circleId: 'not-a-uuid' }],
    ['_', {}],
    ['_', { archivedAt: null }],
  ])('update %s: %j', async (field, overrides) => {
    const input = { circleId: circle.id, ...overrides };
    await expectFieldErrors(ann.api.community.circles.update.mutate(unchecked<In['update']>(input)), [field]);
  });

  it('lists: a bad category, a long query, a bad cursor or limit', async () => {
    const list = (input: unknown) => ann.api.community.circles.list.query(unchecked<In['list']>(input));
    await expectFieldErrors(list({ category: 'Cooking' }), ['category']);
    await expectFieldErrors(list({ query: 'q'.repeat(101) }), ['query']);
    await expectFieldErrors(list({ query: 'a\u0000' }), ['query']);
    await expectFieldErrors(list({ cursor: 'garbage!' }), ['cursor']);
    await expectFieldErrors(list({ cursor: cursorOf(['2025-01-01T00:00:00Z', randomUUID()].reverse()) }), ['cursor']);
    await expectFieldErrors(list({ limit: 101 }), ['limit']);
    await expectFieldErrors(list({ limit: 0 }), ['limit']);
    await expectFieldErrors(list({ sort: 'members' }), ['_']);
    const mine = (input: unknown) => ann.api.community.circles.mine.query(unchecked<In['mine']>(input));
    await expectFieldErrors(mine({ cursor: cursorOf(['x'.repeat(300), randomUUID()]) }), ['cursor']);
    await expectFieldErrors(mine({ cursor: cursorOf(['0000-01-01T00:00:00Z', randomUUID()]) }), ['cursor']);
    await expectFieldErrors(mine({ includeArchived: 'yes' }), ['includeArchived']);
    const members = (input: unknown) => ann.api.community.circles.members.query(unchecked<In['members']>(input));
    await expectFieldErrors(members({ circleId: circle.id, role: 'admin' }), ['role']);
    await expectFieldErrors(members({ circleId: circle.id, cursor: cursorOf(['not a time', randomUUID()]) }), ['cursor']);
    await expectFieldErrors(members({ circleId: 'nope' }), ['circleId']);
  });

  it('membership and roles: bad ids and roles', async () => {
    const { circles } = ann.api.community;
    await expectFieldErrors(circles.join.mutate(unchecked<In['join']>({ circleId: 42 })), ['circleId']);
    await expectFieldErrors(circles.leave.mutate(unchecked<In['leave']>({})), ['circleId']);
    await expectFieldErrors(circles.get.query(unchecked<In['get']>({ circleId: `${circle.id}x` })), ['circleId']);
    await expectFieldErrors(circles.archive.mutate(unchecked<In['archive']>({ circleId: circle.id, reason: 'x' })), ['_']);
    await expectFieldErrors(circles.removeMember.mutate(unchecked<In['removeMember']>({ circleId: circle.id, userId: 'me' })), ['userId']);
    await expectFieldErrors(circles.setRole.mutate(unchecked<In['setRole']>({ circleId: circle.id, userId: ann.id, role: 'owner' })), ['role']);
    await expectFieldErrors(circles.setRole.mutate(unchecked<In['setRole']>({ circleId: circle.id, userId: ann.id })), ['role']);
    await expectFieldErrors(circles.transferOwnership.mutate(unchecked<In['transferOwnership']>({ circleId: circle.id })), ['userId']);
  });
});
