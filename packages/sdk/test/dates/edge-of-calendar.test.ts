import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectFieldErrors } from '../expect-error';
import { startTestServer, type TestServer, type TestUser } from '../harness';

let t: TestServer;
let ann: TestUser;
let bob: TestUser;
let groupId: string;
beforeAll(async () => {
  t = await startTestServer();
  [ann, bob] = await Promise.all([t.user('Ann'), t.user('Bob')]);
  groupId = (await ann.api.chat.createGroup.mutate({ title: 'Calendar', memberIds: [bob.id] })).id;
  await bob.api.sessionRequests.profiles.setTutor.mutate({ subjects: ['Maths'], languages: ['English'], hourlyRate: 40, currency: 'EUR' });
});
afterAll(async () => {
  await t.close();
});

const cursorAt = (iso: string) => Buffer.from(JSON.stringify([iso, randomUUID()])).toString('base64url');

/** Every list whose cursor is a [timestamp, id] position, called with the given cursor. */
const timeCursorLists: [string, (cursor: string) => Promise<unknown>][] = [
  ['auth.sessions.list', (cursor) => ann.api.auth.sessions.list.query({ cursor })],
  ['connections.list', (cursor) => ann.api.connections.list.query({ cursor })],
  ['connections.ofUser', (cursor) => ann.api.connections.ofUser.query({ userId: bob.id, type: 'followers', cursor })],
  ['chat.list', (cursor) => ann.api.chat.list.query({ cursor })],
  ['chat.members', (cursor) => ann.api.chat.members.query({ conversationId: groupId, cursor })],
  ['chat.search', (cursor) => ann.api.chat.search.query({ query: 'hello', cursor })],
  ['sessionRequests.list', (cursor) => ann.api.sessionRequests.list.query({ box: 'sent', cursor })],
  ['sessionRequests.packages.mine', (cursor) => ann.api.sessionRequests.packages.mine.query({ cursor })],
  ['sessionRequests.packages.ofTutor', (cursor) => ann.api.sessionRequests.packages.ofTutor.query({ tutorId: bob.id, cursor })],
  ['sessionRequests.profiles.tutors', (cursor) => ann.api.sessionRequests.profiles.tutors.query({ cursor })],
];

describe('a page cursor naming a time outside 1970..9999 is a field error on every list, never a 500', () => {
  for (const iso of ['0000-01-01T00:00:00Z', '0001-01-01T00:00:00Z', '1969-12-31T23:59:59.999Z']) {
    it.each(timeCursorLists)(`%s refuses a cursor at ${iso}`, async (_path, list) => {
      await expectFieldErrors(list(cursorAt(iso)), ['cursor']);
    });
  }

  it('still accepts cursors at both ends of the range', async () => {
    for (const iso of ['1970-01-01T00:00:00.000Z', '9999-12-31T23:59:59.999Z']) {
      for (const [path, list] of timeCursorLists) {
        await expect(list(cursorAt(iso)), `${path} at ${iso}`).resolves.toMatchObject({ items: expect.any(Array) });
      }
    }
  });
});

describe('chat.mute takes an end time in the future and within ten years', () => {
  it.each([
    ['past year 9999 in UTC, by its offset', '9999-12-31T23:00:00-05:00'],
    ['the last instant of year 9999', '9999-12-31T23:59:59.999Z'],
    ['year 0000', '0000-01-01T00:00:00Z'],
    ['more than ten years ahead', new Date(Date.now() + 11 * 366 * 86_400_000).toISOString()],
  ])('refuses a time %s as a field error', async (_what, until) => {
    await expectFieldErrors(ann.api.chat.mute.mutate({ conversationId: groupId, until }), ['until']);
    expect((await ann.api.chat.get.query({ conversationId: groupId })).muted).toBe(false);
  });

  it('accepts a time nine years ahead, with an offset', async () => {
    const nineYears = new Date(Date.now() + 9 * 365 * 86_400_000);
    const until = `${nineYears.toISOString().slice(0, 19)}+02:00`;
    const muted = await ann.api.chat.mute.mutate({ conversationId: groupId, until });
    expect(muted.mutedUntil).toBe(new Date(until).toISOString());
    await ann.api.chat.unmute.mutate({ conversationId: groupId });
  });
});
