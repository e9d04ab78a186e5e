import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../harness';
import { expectError } from '../expect-error';
import { befriend } from '../connections/helpers';
import { listen } from './listen';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

describe('typing', () => {
  it('reaches the other member with an expiry a few seconds ahead, and never the typist', async () => {
    const [ann, bob] = await Promise.all([t.user('Ann'), t.user('Bob')]);
    const { id } = await ann.api.chat.openDirect.mutate({ userId: bob.id });
    const bobHears = listen(bob);
    const annHears = listen(ann);
    await annHears.until((events) => events.some((e) => e.type === 'conversation.created'));
    await bobHears.until((events) => events.some((e) => e.type === 'conversation.created'));
    const { expiresAt } = await ann.api.chat.typing.mutate({ conversationId: id });
    await bobHears.until((events) => events.some((e) => e.type === 'typing'));
    const typing = bobHears.events.find((e) => e.type === 'typing');
    expect(typing).toMatchObject({ conversationId: id, userId: ann.id, expiresAt });
    // It stops showing by itself: the expiry is seconds away, not open-ended.
    const ttl = Date.parse(expiresAt) - Date.now();
    expect(ttl).toBeGreaterThan(1000);
    expect(ttl).toBeLessThanOrEqual(10_000);
    await new Promise((r) => setTimeout(r, 200));
    expect(annHears.events.some((e) => e.type === 'typing')).toBe(false);
  });

  it('answers repeats within a second from the signal already showing, broadcasting it once', async () => {
    const [ann, bob] = await Promise.all([t.user(), t.user()]);
    const { id } = await ann.api.chat.openDirect.mutate({ userId: bob.id });
    const bobHears = listen(bob);
    await bobHears.until((events) => events.some((e) => e.type === 'conversation.created'));
    const answers = [];
    for (let i = 0; i < 10; i++) answers.push(await ann.api.chat.typing.mutate({ conversationId: id }));
    expect(new Set(answers.map((a) => a.expiresAt)).size).toBe(1);
    await bobHears.until((events) => events.some((e) => e.type === 'typing'));
    await new Promise((r) => setTimeout(r, 300));
    expect(bobHears.events.filter((e) => e.type === 'typing')).toHaveLength(1);
  });

  it('is NOT_FOUND for a conversation the caller is not in', async () => {
    const [ann, bob, eve] = await Promise.all([t.user(), t.user(), t.user()]);
    const { id } = await ann.api.chat.openDirect.mutate({ userId: bob.id });
    await expectError(eve.api.chat.typing.mutate({ conversationId: id }), 'NOT_FOUND');
  });
});

describe('presence', () => {
  it('shows friends and conversation partners online, then offline with a last-seen time', async () => {
    const [ann, bob, cat] = await Promise.all([t.user('Ann'), t.user('Bob'), t.user('Cat')]);
    await befriend(ann, bob);
    await ann.api.chat.openDirect.mutate({ userId: cat.id });
    const annHears = listen(ann);
    // Presence is live only: Ann's stream must be attached (her backfill has
    // arrived) before the others come online.
    await annHears.until((events) => events.some((e) => e.type === 'conversation.created'));
    const bobHears = listen(bob);
    const catHears = listen(cat);
    await annHears.until((events) => events.some((e) => e.type === 'presence' && e.userId === bob.id && e.online));
    await annHears.until((events) => events.some((e) => e.type === 'presence' && e.userId === cat.id && e.online));
    expect(await ann.api.events.presence.query({ userIds: [bob.id, cat.id] })).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ userId: bob.id, online: true }),
        expect.objectContaining({ userId: cat.id, online: true }),
      ]),
    );
    bobHears.stop();
    await annHears.until((events) => events.some((e) => e.type === 'presence' && e.userId === bob.id && !e.online));
    const [bobNow] = await ann.api.events.presence.query({ userIds: [bob.id] });
    expect(bobNow?.online).toBe(false);
    expect(Date.now() - Date.parse(bobNow?.lastSeenAt ?? '')).toBeLessThan(10_000);
    catHears.stop();
  });

  it('is hidden from strangers and across a block', async () => {
    const [ann, bob, eve] = await Promise.all([t.user(), t.user(), t.user()]);
    await befriend(ann, bob);
    const bobHears = listen(bob);
    const eveHears = listen(eve);
    await bobHears.until(() => true);
    await new Promise((r) => setTimeout(r, 200));
    expect(await eve.api.events.presence.query({ userIds: [bob.id, ann.id] })).toEqual([]);
    await bob.api.connections.create.mutate({ targetUserId: ann.id, type: 'block' });
    expect(await ann.api.events.presence.query({ userIds: [bob.id] })).toEqual([]);
    expect(eveHears.events.some((e) => e.type === 'presence')).toBe(false);
    bobHears.stop();
  });
});
