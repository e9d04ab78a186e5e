import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import createClient, { type Client } from 'openapi-fetch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../harness';
import { currentClientTypes, GENERATED_FILE } from './generate-client';
import type { components, paths } from './generated/rapport-api';

/**
 * The REST API as a client that knows only the OpenAPI document sees it:
 * openapi-fetch typed by the types openapi-typescript generates from it, and
 * nothing of the SDK or tRPC. The walk is the connections flow of a social
 * app: sign up, follow, ask, accept and decline, count, list, check, unfriend,
 * unfollow, block and unblock, and input the server refuses.
 */

type Api = Client<paths>;
type ErrorBody = components['schemas']['Error'];

describe('the committed client types', () => {
  it('are what the current OpenAPI document generates', async () => {
    const committed = readFileSync(GENERATED_FILE, 'utf8');
    const current = await currentClientTypes();
    // A string comparison first: its message names the fix, where a diff of
    // 9,000 lines would bury it.
    expect(committed === current, `${GENERATED_FILE} is out of date with the routers: run \`pnpm api:generate\` and commit it`).toBe(true);
  });
});

/** The data of a 2xx answer; fails with the status and error body otherwise. */
function ok<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.data === undefined) throw new Error(`${result.response.url}: ${result.response.status} ${JSON.stringify(result.error)}`);
  return result.data;
}

/** The error body of a non-2xx answer, after checking its status; fails if the call succeeded. */
function refused(result: { data?: unknown; error?: ErrorBody; response: Response }, status: number): ErrorBody {
  if (result.error === undefined) throw new Error(`expected ${status}, got ${result.response.status} ${JSON.stringify(result.data)}`);
  expect(result.response.status, result.error.message).toBe(status);
  expect(result.error.data.httpStatus).toBe(status);
  return result.error;
}

interface Person {
  id: string;
  name: string;
  api: Api;
}

let t: TestServer;
let baseUrl: string;
let anonymous: Api;
/** Two students, a tutor they follow, a parent whose request is declined, and someone who gets blocked. */
let ada: Person;
let ben: Person;
let tess: Person;
let pat: Person;
let eve: Person;
const PASSWORD = 'correct horse battery';
const emails = new Map<string, string>();

/** A client that sends the user's access token, as the document's bearerAuth scheme says. */
const signedIn = (accessToken: string): Api => createClient<paths>({ baseUrl, headers: { authorization: `Bearer ${accessToken}` } });

async function signUp(name: string): Promise<Person> {
  const email = `${randomUUID()}@example.test`;
  emails.set(name, email);
  const created = ok(await anonymous.POST('/auth/signup', { body: { email, password: PASSWORD, name } }));
  expect(created.created).toBe(true);
  return { id: created.userId, name, api: signedIn(created.accessToken) };
}

beforeAll(async () => {
  t = await startTestServer();
  baseUrl = `${t.url}/api`;
  anonymous = createClient<paths>({ baseUrl });
  [ada, ben, tess, pat, eve] = await Promise.all(['Ada', 'Ben', 'Tess', 'Pat', 'Eve'].map(signUp)) as [Person, Person, Person, Person, Person];
});
afterAll(async () => {
  await t.close();
});

describe('connections over REST, through a client generated from the document', () => {
  it('signs in with the email and password of a sign-up, and the token says who is signed in', async () => {
    const email = emails.get('Ada') ?? '';
    const tokens = ok(await anonymous.POST('/auth/login', { body: { email, password: PASSWORD } }));
    expect(tokens.userId).toBe(ada.id);
    const me = ok(await signedIn(tokens.accessToken).GET('/auth/me'));
    expect(me.user).toMatchObject({ id: ada.id, name: 'Ada', email });
    expect(me.sessionId).toBe(tokens.sessionId);
  });

  it('refuses a call without a token with 401 and a reason', async () => {
    const error = refused(await anonymous.GET('/connections/stats'), 401);
    expect(error.code).toBe('UNAUTHORIZED');
    expect(error.data.reason).not.toBeNull();
  });

  let follow: string;
  it('follows a tutor at once: accepted, one way', async () => {
    const made = ok(await ada.api.POST('/connections', { body: { targetUserId: tess.id, type: 'follow' } }));
    expect(made).toMatchObject({ type: 'follow', status: 'accepted', direction: 'outgoing', otherUser: { id: tess.id, name: 'Tess' } });
    follow = made.id;
    const seenByTess = ok(await tess.api.POST('/connections/check', { body: { targetUserId: ada.id } }));
    expect(seenByTess).toMatchObject({ following: false, followedBy: true, friendship: 'none', followConnectionId: null });
  });

  let friendship: string;
  it('sends a friend request that waits, with its message, in the recipient’s incoming list', async () => {
    const request = ok(await ada.api.POST('/connections', { body: { targetUserId: ben.id, type: 'friend', message: 'Let’s study together!' } }));
    expect(request).toMatchObject({ type: 'friend', status: 'pending', direction: 'outgoing', message: 'Let’s study together!', respondedAt: null });
    friendship = request.id;
    const incoming = ok(await ben.api.GET('/connections', { params: { query: { type: 'friend', status: 'pending', direction: 'incoming' } } }));
    expect(incoming.items.map((c) => c.id)).toEqual([request.id]);
    expect(incoming.items[0]).toMatchObject({ direction: 'incoming', message: 'Let’s study together!', otherUser: { id: ada.id } });
    expect(incoming.nextCursor).toBeNull();
    expect(ok(await ben.api.GET('/connections/stats'))).toMatchObject({ friends: 0, pendingReceived: 1 });
    expect(ok(await ada.api.GET('/connections/stats'))).toMatchObject({ friends: 0, pendingSent: 1 });
  });

  it('lets the recipient accept, which makes both friends', async () => {
    const accepted = ok(await ben.api.PUT('/connections/{connectionId}', { params: { path: { connectionId: friendship } }, body: { status: 'accepted' } }));
    expect(accepted).toMatchObject({ id: friendship, status: 'accepted', direction: 'incoming', otherUser: { id: ada.id } });
    expect(accepted.respondedAt).not.toBeNull();
    const seenByAda = ok(await ada.api.POST('/connections/check', { body: { targetUserId: ben.id } }));
    expect(seenByAda).toMatchObject({ friendship: 'friends', friendConnectionId: friendship });
  });

  it('lets the recipient decline, after which the requester must wait to ask again', async () => {
    const request = ok(await pat.api.POST('/connections', { body: { targetUserId: ada.id, type: 'friend' } }));
    const declined = ok(await ada.api.PUT('/connections/{connectionId}', { params: { path: { connectionId: request.id } }, body: { status: 'rejected' } }));
    expect(declined).toMatchObject({ id: request.id, status: 'rejected', direction: 'incoming' });
    expect(ok(await ada.api.POST('/connections/check', { body: { targetUserId: pat.id } }))).toMatchObject({ friendship: 'none', friendConnectionId: null });
    const again = refused(await pat.api.POST('/connections', { body: { targetUserId: ada.id, type: 'friend' } }), 409);
    expect(again.code).toBe('CONFLICT');
    expect(again.data.retryAfterSeconds).toBeGreaterThan(0);
    // The requester may answer only their own requests: the one who was asked answers.
    const forbidden = refused(await pat.api.PUT('/connections/{connectionId}', { params: { path: { connectionId: request.id } }, body: { status: 'accepted' } }), 403);
    expect(forbidden.code).toBe('FORBIDDEN');
  });

  it('counts followers, following and friends; the private counts only in one’s own stats', async () => {
    expect(ok(await ada.api.GET('/connections/stats'))).toEqual({ followers: 0, following: 1, friends: 1, pendingReceived: 0, pendingSent: 0, blocked: 0 });
    expect(ok(await ada.api.GET('/connections/stats', { params: { query: { userId: tess.id } } }))).toEqual({
      followers: 1,
      following: 0,
      friends: 0,
      pendingReceived: null,
      pendingSent: null,
      blocked: null,
    });
  });

  it('lists one’s own connections, filtered by direction, and another user’s followers', async () => {
    const mine = ok(await ada.api.GET('/connections'));
    const byType = mine.items.map((c) => [c.type, c.status, c.direction, c.otherUser?.name]);
    expect(byType).toEqual(
      expect.arrayContaining([
        ['follow', 'accepted', 'outgoing', 'Tess'],
        ['friend', 'accepted', 'outgoing', 'Ben'],
        ['friend', 'rejected', 'incoming', 'Pat'],
      ]),
    );
    expect(mine.items).toHaveLength(3);
    const outgoing = ok(await ada.api.GET('/connections', { params: { query: { direction: 'outgoing' } } }));
    expect(outgoing.items.map((c) => c.id).sort()).toEqual([follow, friendship].sort());
    // Paged: one at a time, the cursor leads to the next page and ends with null.
    const first = ok(await ada.api.GET('/connections', { params: { query: { limit: 1 } } }));
    expect(first.items).toHaveLength(1);
    expect(first.nextCursor).not.toBeNull();
    const second = ok(await ada.api.GET('/connections', { params: { query: { limit: 1, cursor: first.nextCursor ?? undefined } } }));
    expect(second.items.map((c) => c.id)).not.toEqual(first.items.map((c) => c.id));

    const tessFollowers = ok(await ben.api.GET('/users/{userId}/connections', { params: { path: { userId: tess.id }, query: { type: 'followers' } } }));
    expect(tessFollowers.items.map((c) => c.otherUser?.id)).toEqual([ada.id]);
  });

  it('checks several users at once', async () => {
    const relationships = ok(await ada.api.POST('/connections/check-many', { body: { targetUserIds: [tess.id, ben.id, eve.id] } }));
    expect(relationships.map((r) => [r.userId, r.following, r.friendship])).toEqual([
      [tess.id, true, 'none'],
      [ben.id, false, 'friends'],
      [eve.id, false, 'none'],
    ]);
  });

  it('unfriends and unfollows, and the counts follow', async () => {
    expect(ok(await ben.api.DELETE('/connections/{connectionId}', { params: { path: { connectionId: friendship } } }))).toEqual({ connectionId: friendship });
    expect(ok(await ada.api.DELETE('/connections/{connectionId}', { params: { path: { connectionId: follow } } }))).toEqual({ connectionId: follow });
    expect(ok(await ada.api.GET('/connections/stats'))).toMatchObject({ following: 0, friends: 0 });
    expect(ok(await ben.api.GET('/connections/stats'))).toMatchObject({ friends: 0 });
    expect(ok(await tess.api.GET('/connections/stats'))).toMatchObject({ followers: 0 });
    // Gone: a second removal finds nothing.
    refused(await ada.api.DELETE('/connections/{connectionId}', { params: { path: { connectionId: follow } } }), 404);
  });

  it('blocks: the blocked can no longer find the blocker, until the block is lifted', async () => {
    ok(await eve.api.POST('/connections', { body: { targetUserId: ada.id, type: 'follow' } }));
    const block = ok(await ada.api.POST('/connections', { body: { targetUserId: eve.id, type: 'block' } }));
    expect(block).toMatchObject({ type: 'block', status: 'accepted', direction: 'outgoing' });
    // A block ends the follow between them.
    expect(ok(await ada.api.GET('/connections/stats'))).toMatchObject({ followers: 0, blocked: 1 });
    expect(ok(await eve.api.POST('/connections/check', { body: { targetUserId: ada.id } }))).toMatchObject({ blockedBy: true, following: false });
    const hidden = refused(await eve.api.POST('/connections', { body: { targetUserId: ada.id, type: 'friend' } }), 404);
    expect(hidden.code).toBe('NOT_FOUND');

    ok(await ada.api.DELETE('/connections/{connectionId}', { params: { path: { connectionId: block.id } } }));
    expect(ok(await ada.api.GET('/connections/stats'))).toMatchObject({ blocked: 0 });
    expect(ok(await eve.api.POST('/connections', { body: { targetUserId: ada.id, type: 'follow' } }))).toMatchObject({ status: 'accepted' });
  });

  it('answers bad input with 400 and the fields at fault in data.fieldErrors', async () => {
    const notAnId = refused(await ada.api.POST('/connections', { body: { targetUserId: 'not-a-uuid', type: 'follow' } }), 400);
    expect(notAnId.code).toBe('BAD_REQUEST');
    expect(notAnId.data.fieldErrors?.targetUserId?.[0]).toEqual(expect.any(String));

    const tooLong = refused(await ada.api.POST('/connections', { body: { targetUserId: ben.id, type: 'friend', message: 'x'.repeat(501) } }), 400);
    expect(Object.keys(tooLong.data.fieldErrors ?? {})).toEqual(['message']);

    // In the path and in the query string too.
    const badPath = refused(await ada.api.PUT('/connections/{connectionId}', { params: { path: { connectionId: 'nope' } }, body: { status: 'accepted' } }), 400);
    expect(Object.keys(badPath.data.fieldErrors ?? {})).toEqual(['connectionId']);
    const badLimit = refused(await ada.api.GET('/connections', { params: { query: { limit: 0 } } }), 400);
    expect(Object.keys(badLimit.data.fieldErrors ?? {})).toEqual(['limit']);
    expect(ok(await ben.api.GET('/connections/stats'))).toMatchObject({ pendingReceived: 0 });
  });
});
