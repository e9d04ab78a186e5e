import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../harness';
import { listen, type StreamEvent } from '../realtime/listen';
import { circleOf, post } from './helpers';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

type Event = StreamEvent['data'];
const postBodies = (events: Event[]) => events.flatMap((e) => (e.type === 'circle.post.created' ? [e.post.body] : []));
const seen = (body: string) => (events: Event[]) => postBodies(events).includes(body);

describe('a circle feed on events.stream', () => {
  it("reaches the circle's connected members live, and nobody else", async () => {
    const [ada, bea, outsider] = await Promise.all([t.user('Ada'), t.user('Bea'), t.user('Outsider')]);
    const circle = await circleOf(ada, [bea]);
    const theirs = await circleOf(outsider, [], 'Theirs');
    const beaLive = listen(bea);
    const outsiderLive = listen(outsider);
    await beaLive.until((events) => events.some((e) => e.type === 'circle.joined'));
    await outsiderLive.until((events) => events.some((e) => e.type === 'circle.joined'));

    const written = await post(ada, circle.id, 'Breathe in');
    await beaLive.until(seen('Breathe in'));
    const created = beaLive.events.find((e) => e.type === 'circle.post.created');
    expect(created).toMatchObject({ circleId: circle.id, post: { id: written.id, body: 'Breathe in', author: { id: ada.id } } });

    await ada.api.community.circles.posts.edit.mutate({ postId: written.id, body: 'Breathe in, slowly' });
    await bea.api.community.circles.posts.react.mutate({ postId: written.id, emoji: '🌬️' });
    await ada.api.community.circles.posts.delete.mutate({ postId: written.id });
    // Log order: the outsider's own circle's post comes after all of the above.
    await post(outsider, theirs.id, 'Ours only');
    await outsiderLive.until(seen('Ours only'));
    await beaLive.until((events) => events.some((e) => e.type === 'circle.post.deleted'));
    expect(beaLive.events.filter((e) => e.type.startsWith('circle.post.')).map((e) => e.type)).toEqual([
      'circle.post.created',
      'circle.post.edited',
      'circle.post.reacted',
      'circle.post.deleted',
    ]);
    expect(outsiderLive.events.some((e) => 'circleId' in e && e.circleId === circle.id)).toBe(false);
    expect(beaLive.events.some((e) => 'circleId' in e && e.circleId === theirs.id)).toBe(false);
  });

  it('starts with a join and stops at once with a leave or a removal', async () => {
    const [owner, cai, dan] = await Promise.all([t.user('Owner'), t.user('Cai'), t.user('Dan')]);
    const circle = await circleOf(owner);
    const marker = await circleOf(owner, [cai, dan], 'Marker');
    const caiLive = listen(cai);
    const danLive = listen(dan);
    await caiLive.until((events) => events.some((e) => e.type === 'circle.joined'));
    await danLive.until((events) => events.some((e) => e.type === 'circle.joined'));

    await post(owner, circle.id, 'Before they join');
    await cai.api.community.circles.join.mutate({ circleId: circle.id });
    await dan.api.community.circles.join.mutate({ circleId: circle.id });
    await post(owner, circle.id, 'While they are in');
    await caiLive.until(seen('While they are in'));
    await danLive.until(seen('While they are in'));

    await cai.api.community.circles.leave.mutate({ circleId: circle.id });
    await owner.api.community.circles.removeMember.mutate({ circleId: circle.id, userId: dan.id });
    await post(owner, circle.id, 'After they are out');
    await post(owner, marker.id, 'Marker');
    await caiLive.until(seen('Marker'));
    await danLive.until(seen('Marker'));
    for (const live of [caiLive, danLive]) {
      expect(postBodies(live.events)).toEqual(['While they are in', 'Marker']);
    }
    expect(danLive.events.some((e) => e.type === 'circle.left' && e.userId === dan.id && e.removed)).toBe(true);
  });

  it("leaves out posts by people the member blocks or who block them, live and on resume", async () => {
    const [ada, bea, cai] = await Promise.all([t.user('Ada'), t.user('Bea'), t.user('Cai')]);
    const circle = await circleOf(ada, [bea, cai]);
    await bea.api.connections.create.mutate({ targetUserId: cai.id, type: 'block' });
    const beaLive = listen(bea);
    await post(cai, circle.id, 'From Cai');
    await post(ada, circle.id, 'From Ada');
    await beaLive.until(seen('From Ada'));
    expect(postBodies(beaLive.events)).toEqual(['From Ada']);
    const replay = listen(bea);
    await replay.until(seen('From Ada'));
    expect(postBodies(replay.events)).toEqual(['From Ada']);
  });

  it('replays what was posted while disconnected, once each, and not the text of a post deleted meanwhile', async () => {
    const [ada, bea] = await Promise.all([t.user('Ada'), t.user('Bea')]);
    const circle = await circleOf(ada, [bea]);
    const first = listen(bea);
    await post(ada, circle.id, 'One');
    await first.until(seen('One'));
    const resumeFrom = first.lastId();
    first.stop();

    await post(ada, circle.id, 'Two');
    const doomed = await post(ada, circle.id, 'Regretted');
    await post(ada, circle.id, 'Three');
    await ada.api.community.circles.posts.delete.mutate({ postId: doomed.id });

    const second = listen(bea, resumeFrom);
    await second.until((events) => events.some((e) => e.type === 'circle.post.deleted'));
    await post(ada, circle.id, 'Four');
    await second.until(seen('Four'));
    expect(postBodies(second.events)).toEqual(['Two', 'Three', 'Four']);
    expect(JSON.stringify(second.events)).not.toContain('Regretted');
    expect(new Set(second.ids).size).toBe(second.ids.length);
  });

  it('loses nothing to a join and a post racing the stream as it opens', async () => {
    const owner = await t.user('Owner');
    const circle = await circleOf(owner);
    for (let i = 0; i < 8; i++) {
      const newcomer = await t.user(`Newcomer ${i}`);
      const live = listen(newcomer);
      await newcomer.api.community.circles.join.mutate({ circleId: circle.id });
      await post(owner, circle.id, `Race ${i}`);
      await live.until(seen(`Race ${i}`));
      await post(owner, circle.id, `After ${i}`);
      await live.until(seen(`After ${i}`));
      expect(postBodies(live.events).filter((b) => b === `Race ${i}` || b === `After ${i}`)).toEqual([`Race ${i}`, `After ${i}`]);
      live.stop();
    }
  });
});
