import { randomUUID } from 'node:crypto';
import { createTRPCClient, createWSClient, wsLink } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { appRouter } from '@rapport/server';
import { isRapportError, type AppRouter } from '../../src/index';
import { endActivity } from '../activities/time-travel';
import { startTestServer, type TestServer, type TestUser } from '../harness';
import { testShare } from '../ci-share';
import { restTransport } from '../rest/transports';

/**
 * Throws what a careless or hostile client could send at every procedure, over
 * raw HTTP as the tRPC wire carries it, and asserts the server answers each
 * with a 4xx: never a 5xx, never a logged "request failed". The table must
 * name every procedure, so a new one cannot ship without being fuzzed.
 */

const logLines: string[] = [];
let t: TestServer;
let ann: TestUser;
let annToken: string;
const fixtures = new Map<string, string>();

/** A fixture id made in beforeAll; the table reads them lazily, once they exist. */
const fx = (name: string): string => {
  const id = fixtures.get(name);
  if (id === undefined) throw new Error(`no fixture ${name}`);
  return id;
};

async function tokenOf(user: TestUser): Promise<string> {
  const session = await user.client.session();
  if (!session) throw new Error('signed out');
  return session.accessToken;
}

beforeAll(async () => {
  t = await startTestServer({}, { onLogLine: (line) => logLines.push(line) });
  const [a, bob, carol] = await Promise.all([t.user('Ann Fuzz'), t.user('Bob Fuzz'), t.user('Carol Fuzz')]);
  ann = a;
  annToken = await tokenOf(ann);
  fixtures.set('ann', ann.id).set('bob', bob.id).set('carol', carol.id).set('carolEmail', carol.email);
  const group = await ann.api.chat.createGroup.mutate({ title: 'Fuzz', memberIds: [bob.id] });
  fixtures.set('group', group.id);
  const mine = await ann.api.chat.send.mutate({ conversationId: group.id, clientKey: randomUUID(), content: { kind: 'text', body: 'hello' } });
  const bobs = await bob.api.chat.send.mutate({ conversationId: group.id, clientKey: randomUUID(), content: { kind: 'text', body: 'hi' } });
  fixtures.set('message', mine.id).set('bobMessage', bobs.id);
  await ann.api.connections.create.mutate({ targetUserId: bob.id, type: 'follow' });
  const tutor = { subjects: ['Maths'], languages: ['English'], hourlyRate: 40, currency: 'EUR' };
  await Promise.all([bob.api.sessionRequests.profiles.setTutor.mutate(tutor), ann.api.sessionRequests.profiles.setTutor.mutate(tutor)]);
  await ann.api.sessionRequests.profiles.setStudent.mutate({ gradeLevel: 'Year 9' });
  const offer = { name: 'Algebra', sessionCount: 4, minutesPerSession: 60, price: 30, scheduleType: 'one_time' } as const;
  const [bobPackage, annPackage] = await Promise.all([
    bob.api.sessionRequests.packages.create.mutate(offer),
    ann.api.sessionRequests.packages.create.mutate(offer),
  ]);
  fixtures.set('bobPackage', bobPackage.id).set('annPackage', annPackage.id);
  const soon = Date.now() + 86_400_000;
  const run = await ann.api.invitations.activities.create.mutate({
    title: 'Fuzz run',
    locationLabel: 'Riverside',
    place: { latitude: 48.85, longitude: 2.35 },
    startsAt: new Date(soon).toISOString(),
    endsAt: new Date(soon + 3_600_000).toISOString(),
    capacity: 5,
    tags: ['running'],
  });
  fixtures.set('activity', run.id);
  const invited = await ann.api.invitations.send.mutate({ activityId: run.id, recipientId: carol.id, message: 'Come along', question: 'Road or trail?' });
  fixtures.set('invitation', invited.id);
  const walk = await ann.api.invitations.activities.create.mutate({
    title: 'Fuzz walk',
    locationLabel: 'Old town',
    startsAt: new Date(soon).toISOString(),
    endsAt: new Date(soon + 3_600_000).toISOString(),
    capacity: 5,
  });
  await bob.api.invitations.activities.join.mutate({ activityId: walk.id });
  await endActivity(t, walk.id);
  fixtures.set('pastActivity', walk.id);
  const circle = await ann.api.community.circles.create.mutate({ name: 'Fuzz circle', category: 'Wellness', color: '#39ccb7', clientKey: randomUUID() });
  await bob.api.community.circles.join.mutate({ circleId: circle.id });
  fixtures.set('circle', circle.id);
  const circlePost = await bob.api.community.circles.posts.create.mutate({ circleId: circle.id, clientKey: randomUUID(), body: 'Fuzz post' });
  fixtures.set('circlePost', circlePost.id);
});
afterAll(async () => {
  await t.close();
});

interface Entry {
  /** A valid input (built lazily from fixtures); undefined for procedures that take none. */
  base: () => Record<string, unknown> | undefined;
  /** Lists: the cursor and limit are fuzzed too. */
  page?: boolean;
  /** Optional keys the valid input leaves out, fuzzed one at a time too. */
  optional?: string[];
  /** Calls that end the caller's session run as a user of their own, so the rest still run signed in. */
  ownUser?: boolean;
}

const none: Entry = { base: () => undefined };
const page = (base: () => Record<string, unknown> = () => ({})): Entry => ({ base, page: true });
const entry = (base: () => Record<string, unknown>): Entry => ({ base });
const uuid = () => randomUUID();

const table: Record<string, Entry> = {
  'auth.signUp': entry(() => ({ email: `${uuid()}@example.test`, password: 'correct horse battery', name: 'Fuzz' })),
  'auth.signIn': entry(() => ({ email: fx('carolEmail'), password: 'not the password' })),
  'auth.refresh': entry(() => ({ refreshToken: 'r'.repeat(43) })),
  'auth.signOut': { ...none, ownUser: true },
  'auth.signOutAll': { ...none, ownUser: true },
  'auth.me': none,
  'auth.sessions.list': page(),
  'auth.sessions.revoke': entry(() => ({ sessionId: uuid() })),
  'users.get': entry(() => ({ userId: fx('bob') })),
  'users.updateMe': entry(() => ({ name: 'Ann Fuzz', bio: 'hi', city: 'Paris', interests: ['Board Games'], identityBadge: 'Thinker', age: 40, timeZone: 'Europe/Paris' })),
  'users.interests': none,
  'users.search': page(() => ({ query: 'Fuzz' })),
  'connections.create': entry(() => ({ targetUserId: fx('carol'), type: 'follow', message: 'hi' })),
  'connections.list': page(() => ({ type: 'follow', status: 'accepted', direction: 'all' })),
  'connections.stats': entry(() => ({ userId: fx('bob') })),
  'connections.respond': entry(() => ({ connectionId: uuid(), status: 'accepted' })),
  'connections.remove': entry(() => ({ connectionId: uuid() })),
  'connections.check': entry(() => ({ targetUserId: fx('bob') })),
  'connections.checkMany': entry(() => ({ targetUserIds: [fx('bob'), fx('carol')] })),
  'connections.ofUser': page(() => ({ userId: fx('bob'), type: 'followers' })),
  'connections.suggestions': entry(() => ({ limit: 10 })),
  'chat.createGroup': entry(() => ({ title: 'Fuzzed', description: 'd', memberIds: [fx('bob')], clientKey: 'fuzz-create-group' })),
  'chat.updateGroup': entry(() => ({ conversationId: fx('group'), title: 'Fuzz', description: 'd' })),
  'chat.addMembers': entry(() => ({ conversationId: fx('group'), userIds: [fx('carol')] })),
  'chat.removeMember': entry(() => ({ conversationId: fx('group'), userId: uuid() })),
  'chat.leave': entry(() => ({ conversationId: uuid() })),
  'chat.setRole': entry(() => ({ conversationId: fx('group'), userId: fx('bob'), role: 'member' })),
  'chat.transferOwnership': entry(() => ({ conversationId: fx('group'), userId: uuid() })),
  'chat.mute': entry(() => ({ conversationId: fx('group'), until: new Date(Date.now() + 3_600_000).toISOString() })),
  'chat.unmute': entry(() => ({ conversationId: fx('group') })),
  'chat.archive': entry(() => ({ conversationId: fx('group') })),
  'chat.unarchive': entry(() => ({ conversationId: fx('group') })),
  'chat.members': page(() => ({ conversationId: fx('group') })),
  'chat.message': entry(() => ({ messageId: fx('message') })),
  'chat.edit': entry(() => ({ messageId: fx('message'), body: 'hello again' })),
  'chat.delete': entry(() => ({ messageId: uuid() })),
  'chat.react': entry(() => ({ messageId: fx('message'), emoji: '👍' })),
  'chat.unreact': entry(() => ({ messageId: fx('message'), emoji: '👍' })),
  'chat.history': { ...page(() => ({ conversationId: fx('group') })), optional: ['before', 'after'] },
  'chat.search': page(() => ({ query: 'hello', conversationId: fx('group') })),
  'chat.markRead': entry(() => ({ conversationId: fx('group'), seq: 1 })),
  'chat.readers': entry(() => ({ conversationId: fx('group') })),
  'chat.report': entry(() => ({ messageId: fx('bobMessage'), reason: 'spam', details: 'fuzz' })),
  'chat.openDirect': entry(() => ({ userId: fx('bob') })),
  'chat.get': entry(() => ({ conversationId: fx('group') })),
  'chat.list': page(() => ({ archived: false })),
  'chat.send': {
    ...entry(() => ({ conversationId: fx('group'), clientKey: 'fuzz-send-0001', content: { kind: 'text', body: 'fuzz' } })),
    optional: ['replyToId'],
  },
  'chat.typing': entry(() => ({ conversationId: fx('group') })),
  'sessionRequests.profiles.mine': none,
  'sessionRequests.profiles.setTutor': entry(() => ({ bio: 'b', subjects: ['Maths'], languages: ['English'], hourlyRate: 40, currency: 'EUR' })),
  'sessionRequests.profiles.setStudent': entry(() => ({ gradeLevel: 'Year 9', subjects: ['Maths'] })),
  'sessionRequests.profiles.setParent': none,
  'sessionRequests.profiles.tutor': entry(() => ({ userId: fx('bob') })),
  'sessionRequests.profiles.tutors': page(() => ({ subject: 'Maths', language: 'English' })),
  'sessionRequests.profiles.student': entry(() => ({ userId: fx('ann') })),
  'sessionRequests.family.link': entry(() => ({ userId: fx('carol'), relation: 'child' })),
  'sessionRequests.family.accept': entry(() => ({ userId: uuid() })),
  'sessionRequests.family.remove': entry(() => ({ userId: uuid() })),
  'sessionRequests.family.list': none,
  'sessionRequests.packages.create': entry(() => ({
    name: 'Fuzz',
    description: 'd',
    sessionCount: 4,
    minutesPerSession: 60,
    price: 30,
    currency: 'EUR',
    scheduleType: 'recurring',
    clientKey: 'fuzz-package-0001',
  })),
  'sessionRequests.packages.update': entry(() => ({ packageId: fx('annPackage'), name: 'Algebra', price: 30 })),
  'sessionRequests.packages.archive': entry(() => ({ packageId: uuid() })),
  'sessionRequests.packages.unarchive': entry(() => ({ packageId: fx('annPackage') })),
  'sessionRequests.packages.mine': page(() => ({ includeArchived: true })),
  'sessionRequests.packages.ofTutor': page(() => ({ tutorId: fx('bob') })),
  'sessionRequests.packages.get': entry(() => ({ packageId: fx('bobPackage') })),
  'sessionRequests.create': {
    optional: ['studentId', 'days', 'counterOfferPrice'],
    base: () => ({
    requesterRole: 'student',
    tutorId: fx('bob'),
    packageId: fx('bobPackage'),
    message: 'hi',
    scheduleType: 'one_time',
    startTime: '09:00',
    endTime: '10:00',
    startDate: new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10),
    timeZone: 'Europe/Berlin',
    clientKey: 'fuzz-request-0001',
    }),
  },
  'sessionRequests.accept': entry(() => ({ requestId: uuid() })),
  'sessionRequests.reject': entry(() => ({ requestId: uuid(), reason: 'no' })),
  'sessionRequests.cancel': entry(() => ({ requestId: uuid() })),
  'sessionRequests.list': page(() => ({ box: 'sent', status: 'pending' })),
  'sessionRequests.get': entry(() => ({ requestId: uuid() })),
  'invitations.activities.create': entry(() => ({
    title: 'Fuzzed run',
    description: 'd',
    locationLabel: 'Park',
    place: { latitude: 1, longitude: 2 },
    startsAt: new Date(Date.now() + 86_400_000).toISOString(),
    endsAt: new Date(Date.now() + 90_000_000).toISOString(),
    capacity: 4,
    tags: ['fuzz'],
    visibility: 'public',
    clientKey: 'fuzz-activity-0001',
  })),
  'invitations.activities.update': entry(() => ({ activityId: fx('activity'), title: 'Fuzz run', capacity: 6, place: null })),
  'invitations.activities.cancel': entry(() => ({ activityId: uuid(), reason: 'rain' })),
  'invitations.activities.get': entry(() => ({ activityId: fx('activity') })),
  'invitations.activities.mine': page(() => ({ role: 'hosting', when: 'upcoming' })),
  'invitations.activities.search': {
    ...page(() => ({ query: 'run', tags: ['running'], latitude: 48.85, longitude: 2.35, radiusKm: 10 })),
    optional: ['from', 'to'],
  },
  'invitations.activities.participants': page(() => ({ activityId: fx('activity') })),
  'invitations.activities.join': entry(() => ({ activityId: fx('activity') })),
  'invitations.activities.leave': entry(() => ({ activityId: uuid() })),
  'invitations.activities.removeParticipant': entry(() => ({ activityId: fx('activity'), userId: uuid() })),
  'invitations.send': entry(() => ({ activityId: fx('activity'), recipientId: fx('bob'), message: 'hi', question: 'why?', expiresAt: new Date(Date.now() + 3_600_000).toISOString() })),
  'invitations.list': page(() => ({ box: 'sent', status: 'pending' })),
  'invitations.get': entry(() => ({ invitationId: fx('invitation') })),
  'invitations.accept': entry(() => ({ invitationId: uuid() })),
  'invitations.decline': entry(() => ({ invitationId: uuid(), reason: 'busy' })),
  'invitations.cancel': entry(() => ({ invitationId: uuid() })),
  'invitations.ratings.rate': entry(() => ({ activityId: fx('pastActivity'), userId: fx('bob'), score: 4, comment: 'kind' })),
  'invitations.ratings.summary': entry(() => ({ userId: fx('bob') })),
  'invitations.ratings.received': page(),
  'invitations.ratings.given': entry(() => ({ activityId: fx('pastActivity') })),
  'invitations.cards.mine': none,
  'invitations.cards.updateMine': entry(() => ({ phone: '+33 6 12 34 56 78', email: 'ann@example.test', website: 'https://ann.example', instagram: '@ann', linkedin: null })),
  'invitations.cards.collect': entry(() => ({ userId: fx('bob'), activityId: fx('pastActivity') })),
  'invitations.cards.list': page(),
  'invitations.cards.remove': entry(() => ({ userId: fx('carol') })),
  'invitations.location.update': entry(() => ({ latitude: 48.86, longitude: 2.34 })),
  'invitations.location.clear': { ...none, ownUser: true },
  'invitations.nearby': entry(() => ({ radiusKm: 10, limit: 20 })),
  'community.circles.create': {
    ...entry(() => ({ name: 'Fuzzed circle', category: 'Fitness', description: 'd', color: '#39CCB7', clientKey: 'fuzz-circle-0001' })),
    optional: ['imageUrl'],
  },
  'community.circles.update': {
    ...entry(() => ({ circleId: fx('circle'), name: 'Fuzz circle', description: 'd', color: '#39ccb7' })),
    optional: ['category', 'imageUrl'],
  },
  'community.circles.archive': entry(() => ({ circleId: uuid() })),
  'community.circles.restore': entry(() => ({ circleId: fx('circle') })),
  'community.circles.list': page(() => ({ category: 'Wellness', query: 'Fuzz' })),
  'community.circles.mine': page(() => ({ includeArchived: true })),
  'community.circles.get': entry(() => ({ circleId: fx('circle') })),
  'community.circles.join': entry(() => ({ circleId: fx('circle') })),
  'community.circles.leave': entry(() => ({ circleId: uuid() })),
  'community.circles.members': page(() => ({ circleId: fx('circle'), role: 'member' })),
  'community.circles.removeMember': entry(() => ({ circleId: fx('circle'), userId: uuid() })),
  'community.circles.setRole': entry(() => ({ circleId: fx('circle'), userId: fx('bob'), role: 'member' })),
  'community.circles.transferOwnership': entry(() => ({ circleId: fx('circle'), userId: uuid() })),
  'community.circles.posts.create': entry(() => ({
    circleId: fx('circle'),
    clientKey: 'fuzz-post-0001',
    body: 'Fuzzed reply',
    attachments: [{ url: 'https://cdn.example.test/a.png', name: 'a.png', size: 1, mimeType: 'image/png', width: 1, height: 1 }],
    parentId: fx('circlePost'),
    mentions: [fx('bob')],
  })),
  'community.circles.posts.list': page(() => ({ circleId: fx('circle') })),
  'community.circles.posts.replies': page(() => ({ postId: fx('circlePost') })),
  'community.circles.posts.edit': entry(() => ({ postId: fx('circlePost'), body: 'Edited' })),
  'community.circles.posts.delete': entry(() => ({ postId: uuid() })),
  'community.circles.posts.react': entry(() => ({ postId: fx('circlePost'), emoji: '👍' })),
  'community.circles.posts.unreact': entry(() => ({ postId: fx('circlePost'), emoji: '👍' })),
  'community.discover': page(),
  'community.dashboard': none,
  'community.notifications.list': page(() => ({ unreadOnly: true })),
  'community.notifications.unreadCount': none,
  'community.notifications.markRead': entry(() => ({ notificationId: uuid() })),
  'community.notifications.markAllRead': none,
  'community.notifications.preferences': none,
  'community.notifications.setPreference': entry(() => ({ type: 'post_reaction', muted: false })),
  // A subscription: fuzzed over the WebSocket below, not over HTTP.
  'events.stream': entry(() => ({ lastEventId: null })),
  'events.presence': entry(() => ({ userIds: [fx('bob')] })),
};

const b64 = (text: string) => Buffer.from(text).toString('base64url');
const cursorOf = (position: unknown) => b64(JSON.stringify(position));
const someId = randomUUID();
const manyIds = Array.from({ length: 101 }, () => randomUUID());
let deep: unknown = 'bottom';
for (let i = 0; i < 200; i++) deep = { deep };

/** What replaces one field at a time: wrong types, edge values, hostile text, forged dates, cursors and ids. */
const FIELD_VALUES: unknown[] = [
  null,
  true,
  false,
  {},
  [],
  deep,
  '',
  ' ',
  'x'.repeat(10_001),
  'x'.repeat(200_000),
  '\u0000',
  'a\u0000b',
  '😀',
  '👍🏽👍🏽',
  'Zoë Ñandú café ﬁ',
  '\ud800',
  'a\udc00b',
  '\u202eevil',
  '\ufeff',
  "' OR 1=1 --",
  '%_\\',
  'NaN',
  'Infinity',
  '-1',
  '1e309',
  0,
  -0,
  -1,
  1.5,
  101,
  1e9,
  -1e9,
  1e308,
  -1e308,
  Number.MAX_SAFE_INTEGER + 2,
  2 ** 63,
  '0000-01-01T00:00:00Z',
  '99999-01-01T00:00:00Z',
  '+099999-01-01T00:00:00Z',
  '-000001-01-01T00:00:00Z',
  '9999-12-31T23:59:59-23:59',
  '1969-12-31T23:59:59Z',
  '2025-02-30T00:00:00Z',
  '2030-01-01T00:00:00.123456789Z',
  '0000-01-01',
  '9999-12-31',
  '2025-02-30',
  'yesterday',
  cursorOf(['0000-01-01T00:00:00Z', someId]),
  cursorOf(['9999-12-31T23:59:59-23:59', someId]),
  cursorOf(['2025-01-01T00:00:00Z', 'not-a-uuid']),
  cursorOf(['before', '9999999999999999']),
  cursorOf(['after', '-1']),
  cursorOf(['x'.repeat(200), someId]),
  cursorOf(['\u0000', someId]),
  b64('null'),
  b64('{}'),
  b64('[1,2,3]'),
  b64('\u0000\u00ff garbage'),
  '!!!not base64!!!',
  randomUUID(),
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  someId.toUpperCase(),
  `{${someId}}`,
  `${someId}x`,
  someId.replaceAll('-', ''),
  'not-a-uuid',
  manyIds,
  Array.from({ length: 1000 }, () => 'x'),
  [null],
  [someId, someId],
  ['monday', 'monday'],
  [{}],
];

/** What replaces the whole input. */
const WHOLE_VALUES: unknown[] = [undefined, null, 0, -1, 'a string', '', [], [1, 2], true, {}, deep, 'x'.repeat(5_000)];

/** Bodies that are not JSON at all, sent as they are. */
const RAW_BODIES = ['{not json', '[', '"unterminated', '\u0000', '{"a":1}{"b":2}'];

/** `inUrl`: a query sent as GET with ?input=; otherwise POST, as the SDK sends queries too (method override). */
type Attempt = ({ input: unknown } | { raw: string }) & { path: string; inUrl?: boolean };

function attemptsFor(path: string, entry: Entry): Attempt[] {
  const attempts: Attempt[] = WHOLE_VALUES.map((input) => ({ path, input }));
  for (const raw of RAW_BODIES) attempts.push({ path, raw });
  if (procedureType(path) === 'query') {
    for (const input of WHOLE_VALUES) attempts.push({ path, input, inUrl: true });
    for (const raw of RAW_BODIES) attempts.push({ path, raw, inUrl: true });
  }
  const base = entry.base();
  if (base === undefined) return attempts;
  attempts.push({ path, input: base }, { path, input: { ...base, unexpected: 'key' } }, { path, input: JSON.parse('{"__proto__":{"polluted":true}}') });
  const keys = [...Object.keys(base), ...(entry.page ? ['cursor', 'limit'] : []), ...(entry.optional ?? [])];
  for (const key of keys) {
    for (const value of [undefined, ...FIELD_VALUES]) attempts.push({ path, input: { ...base, [key]: value } });
    const nested = base[key];
    if (nested !== null && typeof nested === 'object' && !Array.isArray(nested)) {
      for (const inner of Object.keys(nested)) {
        for (const value of [undefined, ...FIELD_VALUES]) attempts.push({ path, input: { ...base, [key]: { ...nested, [inner]: value } } });
      }
    }
  }
  return attempts;
}

interface Outcome {
  path: string;
  status: number;
  sent: string;
  body: string;
}

// At run time tRPC keeps every procedure in one flat record keyed by dotted
// path, each with a `_def.type` that says how it is called; the record's
// static type nests sub-routers instead, so each entry is narrowed by hand.
type ProcedureType = 'query' | 'mutation' | 'subscription';
const isProcedureType = (type: unknown): type is ProcedureType => type === 'query' || type === 'mutation' || type === 'subscription';
const procedureTypes = new Map<string, ProcedureType>();
for (const [path, procedure] of Object.entries(appRouter._def.procedures)) {
  const def: unknown = '_def' in procedure ? procedure._def : null;
  const type = typeof def === 'object' && def !== null && 'type' in def ? def.type : null;
  if (!isProcedureType(type)) throw new Error(`${path} is not a procedure`);
  procedureTypes.set(path, type);
}
const procedureType = (path: string) => {
  const type = procedureTypes.get(path);
  if (type === undefined) throw new Error(`no procedure ${path}`);
  return type;
};

/** One non-batched tRPC call: the input as JSON, in the URL (?input=) or as the POST body. */
async function call(attempt: Attempt, token: string | null): Promise<Outcome> {
  const sent = 'raw' in attempt ? attempt.raw : attempt.input === undefined ? '' : JSON.stringify(attempt.input);
  const headers: Record<string, string> = token === null ? {} : { authorization: `Bearer ${token}` };
  const url = `${t.url}/trpc/${attempt.path}`;
  const response =
    attempt.inUrl
      ? await fetch(sent === '' ? url : `${url}?input=${encodeURIComponent(sent)}`, { headers })
      : await fetch(url, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: sent });
  return { path: attempt.path, status: response.status, sent: sent.slice(0, 300), body: (await response.text()).slice(0, 500) };
}

/** Runs the calls a few at a time, as concurrent clients would. */
async function runAll(attempts: Attempt[], token: (path: string) => string | null, width = 6): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < attempts.length; i = next++) {
      const attempt = attempts[i];
      if (attempt) outcomes.push(await call(attempt, token(attempt.path)));
    }
  };
  await Promise.all(Array.from({ length: width }, worker));
  return outcomes;
}

const serverFailures = () =>
  logLines.filter((line) => /"msg":"(request failed|ws request failed|rest request failed|http handler failed)"/.test(line)).map((line) => line.slice(0, 600));

/** Bad inputs to the one subscription, over the WebSocket the SDK uses. */
async function fuzzStream(token: string): Promise<{ tried: number; failures: string[] }> {
  const ws = createWSClient({ url: `${t.url.replace(/^http/, 'ws')}/trpc`, WebSocket: WebSocket as unknown as typeof globalThis.WebSocket, connectionParams: { token } });
  const api = createTRPCClient<AppRouter>({ links: [wsLink({ client: ws })] });
  const inputs: unknown[] = [
    { lastEventId: 'garbage' },
    { lastEventId: 42 },
    { lastEventId: 'x'.repeat(10_000) },
    { lastEventId: '\u0000' },
    { lastEventId: '99999999999999999999999:1' },
    { lastEventId: '-1:-1' },
    { lastEventId: cursorOf(['0000-01-01T00:00:00Z', someId]) },
    { unexpected: 'key' },
    'a string',
    [1, 2],
  ];
  const failures: string[] = [];
  for (const input of inputs) {
    const outcome = await new Promise<string>((resolve) => {
      const timer = setTimeout(() => resolve('no answer'), 3_000);
      const subscription = api.events.stream.subscribe(input as Parameters<typeof api.events.stream.subscribe>[0], {
        onData: () => {
          clearTimeout(timer);
          subscription.unsubscribe();
          resolve('ok');
        },
        onError: (error) => {
          clearTimeout(timer);
          resolve(isRapportError(error) && (error.data?.httpStatus ?? 500) < 500 ? 'ok' : `error ${String(error.data?.code)}: ${error.message}`);
        },
      });
    });
    if (outcome !== 'ok') failures.push(`events.stream ${JSON.stringify(input).slice(0, 80)}: ${outcome}`);
  }
  ws.close();
  return { tried: inputs.length, failures };
}

/**
 * The same attempts at the REST routes: an object input is spread over the
 * path, the query string and the body as the route declares; raw bodies go
 * as they are to the body routes.
 */
async function fuzzRest(attempts: Attempt[], token: (path: string) => string | null): Promise<Outcome[]> {
  const rest = restTransport(t.url);
  const outcomes: Outcome[] = [];
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < attempts.length; i = next++) {
      const attempt = attempts[i];
      if (attempt === undefined || 'raw' in attempt || attempt.inUrl) continue;
      const input = attempt.input;
      if (input !== undefined && (typeof input !== 'object' || input === null || Array.isArray(input))) continue;
      const outcome = await rest(attempt.path, input === undefined ? undefined : { ...input }, token(attempt.path)).catch((error: unknown) => ({
        ok: false as const,
        status: 599,
        message: String(error),
        data: null,
      }));
      outcomes.push({ path: attempt.path, status: outcome.status, sent: JSON.stringify(input ?? null).slice(0, 300), body: JSON.stringify(outcome).slice(0, 500) });
    }
  };
  await Promise.all(Array.from({ length: 6 }, worker));
  return outcomes;
}

describe('fuzzing every procedure with client mistakes', () => {
  it('has an entry for every procedure the router has', () => {
    expect(Object.keys(table).sort()).toEqual([...procedureTypes.keys()].sort());
  });

  it('answers every one with a 4xx, over tRPC and REST: never a 5xx, never a logged server failure', { timeout: 900_000 }, async () => {
    const ownTokens = new Map<string, string>();
    for (const [path, e] of Object.entries(table)) if (e.ownUser) ownTokens.set(path, await tokenOf(await t.user()));
    const httpPaths = Object.keys(table).filter((path) => procedureType(path) !== 'subscription');
    const signedIn = httpPaths.flatMap((path) => {
      const e = table[path];
      return e ? attemptsFor(path, e) : [];
    });
    // Anonymous and with a forged token: the valid input and a few broken ones.
    const strangers = httpPaths.flatMap((path) => {
      const base = table[path]?.base();
      const inUrl: Attempt[] = procedureType(path) === 'query' ? [{ path, input: base, inUrl: true }] : [];
      return [{ path, input: base }, ...inUrl, { path, input: null }, { path, raw: '{not json' }];
    });
    // In CI's pair of runs the signed-in inputs go over tRPC on PGlite and over
    // REST (which calls the same procedures) on PostgreSQL: each database and
    // each transport meets every input once (ci-share.ts).
    const tokenFor = (path: string) => ownTokens.get(path) ?? annToken;
    const outcomes = [
      ...(testShare === 'postgres' ? [] : await runAll(signedIn, tokenFor)),
      ...(await runAll(strangers, () => null)),
      ...(await runAll(strangers.slice(0, 40), () => 'not.a.jwt')),
    ];
    if (testShare !== 'pglite') outcomes.push(...(await fuzzRest(signedIn, tokenFor)));
    outcomes.push(...(await fuzzRest(strangers, () => null)));
    const stream = await fuzzStream(annToken);
    const fivexx = outcomes.filter((o) => o.status >= 500);
    console.log(`fuzz: ${httpPaths.length + 1} procedures over tRPC and REST, ${outcomes.length + stream.tried} inputs, ${fivexx.length + stream.failures.length} 5xx`);
    expect(fivexx.slice(0, 20)).toEqual([]);
    expect(stream.failures).toEqual([]);
    expect(serverFailures().slice(0, 5)).toEqual([]);
  });
});
