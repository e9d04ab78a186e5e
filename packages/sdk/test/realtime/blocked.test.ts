import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../harness';
import { listen } from './listen';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

describe('events.stream and blocks', () => {
  it('never delivers a blocked user\'s events in a shared group, live or on resume; others still get them', async () => {
    const [ann, bob, cat] = await Promise.all([t.user('Ann'), t.user('Bob'), t.user('Cat')]);
    const group = await cat.api.chat.createGroup.mutate({ title: 'Book club', memberIds: [ann.id, bob.id] });
    await bob.api.connections.create.mutate({ targetUserId: ann.id, type: 'block' });
    const bobLive = listen(bob);
    const catLive = listen(cat);
    await bobLive.until((events) => events.some((e) => e.type === 'conversation.created'));

    const say = (body: string) => ann.api.chat.send.mutate({ conversationId: group.id, clientKey: randomUUID(), content: { kind: 'text', body } });
    await say('from ann');
    await ann.api.chat.typing.mutate({ conversationId: group.id });
    await cat.api.chat.send.mutate({ conversationId: group.id, clientKey: randomUUID(), content: { kind: 'text', body: 'from cat' } });

    const bodies = (events: typeof bobLive.events) =>
      events.flatMap((e) => (e.type === 'message.created' && e.message.kind !== 'system' ? [e.message.body] : []));
    await catLive.until((events) => bodies(events).includes('from cat') && events.some((e) => e.type === 'typing'));
    await bobLive.until((events) => bodies(events).includes('from cat'));
    expect(bodies(catLive.events)).toEqual(['from ann', 'from cat']);
    expect(bodies(bobLive.events)).toEqual(['from cat']);
    expect(bobLive.events.some((e) => e.type === 'typing' && e.userId === ann.id)).toBe(false);
    // Bob is not told he blocked anyone, and Ann is never told she was blocked.
    expect(bobLive.events.some((e) => e.type.includes('block'))).toBe(false);

    const bobReplay = listen(bob);
    await bobReplay.until((events) => bodies(events).includes('from cat'));
    expect(bodies(bobReplay.events)).toEqual(['from cat']);
  });

  it('starts delivering again after an unblock, unless the other side still blocks', async () => {
    const [ann, bob, cat] = await Promise.all([t.user('Ann'), t.user('Bob'), t.user('Cat')]);
    const group = await cat.api.chat.createGroup.mutate({ title: 'Walks', memberIds: [ann.id, bob.id] });
    const bobLive = listen(bob);
    await bobLive.until((events) => events.some((e) => e.type === 'conversation.created'));
    const blockByBob = await bob.api.connections.create.mutate({ targetUserId: ann.id, type: 'block' });
    await ann.api.connections.create.mutate({ targetUserId: bob.id, type: 'block' });
    await bob.api.connections.remove.mutate({ connectionId: blockByBob.id });
    await ann.api.chat.send.mutate({ conversationId: group.id, clientKey: randomUUID(), content: { kind: 'text', body: 'still blocked by ann' } });
    const annBlock = await ann.api.connections.check.query({ targetUserId: bob.id });
    if (!annBlock.blockConnectionId) throw new Error('expected Ann to block Bob');
    await ann.api.connections.remove.mutate({ connectionId: annBlock.blockConnectionId });
    await ann.api.chat.send.mutate({ conversationId: group.id, clientKey: randomUUID(), content: { kind: 'text', body: 'friends again' } });
    const bodies = () => bobLive.events.flatMap((e) => (e.type === 'message.created' && e.message.kind !== 'system' ? [e.message.body] : []));
    await bobLive.until(() => bodies().includes('friends again'));
    expect(bodies()).toEqual(['friends again']);
  });
});
