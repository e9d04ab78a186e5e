import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fence } from '../activities/helpers';
import { startTestServer, type TestServer, type TestUser } from '../harness';
import { listen, type Listener, type StreamEvent } from '../realtime/listen';
import { createCircle } from './helpers';

type Event = StreamEvent['data'];
type CircleEvent = Extract<Event, { type: 'circle.joined' | 'circle.left' | 'circle.updated' | 'circle.role_changed' }>;
const CIRCLE_TYPES: ReadonlySet<string> = new Set(['circle.joined', 'circle.left', 'circle.updated', 'circle.role_changed']);
const isCircleEvent = (e: Event): e is CircleEvent => CIRCLE_TYPES.has(e.type);

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

/** The circle events `listener` heard about one circle, without their times. */
const heard = (listener: Listener, circleId: string) =>
  listener.events.filter(isCircleEvent).filter((e) => e.circleId === circleId).map(({ at: _at, ...rest }) => rest);

/** The same user signed in on a second client: another device. */
async function otherDevice(user: TestUser): Promise<TestUser> {
  const client = t.anonymous();
  await client.api.auth.signIn.mutate({ email: user.email, password: user.password });
  return { ...user, client, api: client.api };
}

describe('circle.joined and circle.left', () => {
  it('reach my other device when I create, join and leave; nobody else hears them', async () => {
    const [ann, owner, bystander] = await Promise.all([t.user('Ann'), t.user('Owner'), t.user('Bystander')]);
    const phone = await otherDevice(ann);
    const phoneHears = listen(phone);
    const bystanderHears = listen(bystander);
    const mine = await createCircle(ann, { name: 'Ann’s own' });
    const theirs = await createCircle(owner);
    await ann.api.community.circles.join.mutate({ circleId: theirs.id });
    await ann.api.community.circles.join.mutate({ circleId: theirs.id });
    await ann.api.community.circles.leave.mutate({ circleId: theirs.id });
    await fence(t, [
      [phone, phoneHears],
      [bystander, bystanderHears],
    ]);
    expect(heard(phoneHears, mine.id)).toEqual([{ type: 'circle.joined', circleId: mine.id, userId: ann.id, role: 'owner', byUserId: ann.id }]);
    // Joined once (the second join changed nothing), then left.
    expect(heard(phoneHears, theirs.id)).toEqual([
      { type: 'circle.joined', circleId: theirs.id, userId: ann.id, role: 'member', byUserId: ann.id },
      { type: 'circle.left', circleId: theirs.id, userId: ann.id, byUserId: ann.id, removed: false },
    ]);
    expect(bystanderHears.events.filter(isCircleEvent)).toEqual([]);
    phoneHears.stop();
    bystanderHears.stop();
  });

  it('a removal reaches the removed member, even one who blocks the moderator', async () => {
    const [owner, mod, removed] = await Promise.all([t.user('Owner'), t.user('Mod'), t.user('Removed')]);
    const circle = await createCircle(owner);
    await mod.api.community.circles.join.mutate({ circleId: circle.id });
    await removed.api.community.circles.join.mutate({ circleId: circle.id });
    await owner.api.community.circles.setRole.mutate({ circleId: circle.id, userId: mod.id, role: 'moderator' });
    await removed.api.connections.create.mutate({ targetUserId: mod.id, type: 'block' });
    const removedHears = listen(removed);
    await mod.api.community.circles.removeMember.mutate({ circleId: circle.id, userId: removed.id });
    await removedHears.until((events) => events.some((e) => e.type === 'circle.left'));
    // Only the membership events: whether the replay from the start also holds
    // the moderator's promotion depends on whether it read before or after the
    // removal committed (resume follows membership as it is when it reads).
    const membership = heard(removedHears, circle.id).filter((e) => e.type === 'circle.joined' || e.type === 'circle.left');
    expect(membership).toEqual([
      { type: 'circle.joined', circleId: circle.id, userId: removed.id, role: 'member', byUserId: removed.id },
      { type: 'circle.left', circleId: circle.id, userId: removed.id, byUserId: mod.id, removed: true },
    ]);
    removedHears.stop();
  });
});

describe('circle.updated and circle.role_changed', () => {
  it('reach the circle’s connected members, not strangers nor those who left; a member who joins later hears what follows', async () => {
    const [owner, member, formerly, stranger, late] = await Promise.all([t.user('Owner'), t.user('Member'), t.user('Formerly'), t.user('Stranger'), t.user('Late')]);
    const circle = await createCircle(owner);
    for (const u of [member, formerly]) await u.api.community.circles.join.mutate({ circleId: circle.id });
    await formerly.api.community.circles.leave.mutate({ circleId: circle.id });
    const listeners = new Map<TestUser, Listener>([owner, member, formerly, stranger, late].map((u) => [u, listen(u)]));
    const hears = (u: TestUser): Listener => {
      const listener = listeners.get(u);
      if (listener === undefined) throw new Error(`${u.name} is not listening`);
      return listener;
    };
    // Wait until the member's stream is live (its backfill holds its join), so the hub knows its circles.
    await hears(member).until((events) => events.some((e) => e.type === 'circle.joined'));

    await owner.api.community.circles.update.mutate({ circleId: circle.id, name: 'Calm Mornings', color: '#112233' });
    await owner.api.community.circles.setRole.mutate({ circleId: circle.id, userId: member.id, role: 'moderator' });
    await late.api.community.circles.join.mutate({ circleId: circle.id });
    await hears(late).until((events) => events.some((e) => e.type === 'circle.joined'));
    await member.api.community.circles.archive.mutate({ circleId: circle.id });
    await fence(t, [...listeners]);

    const updated = {
      type: 'circle.updated',
      circleId: circle.id,
      name: 'Calm Mornings',
      category: 'Wellness',
      description: circle.description,
      imageUrl: null,
      color: '#112233',
      byUserId: owner.id,
    };
    const roleChanged = { type: 'circle.role_changed', circleId: circle.id, userId: member.id, role: 'moderator', byUserId: owner.id };
    const archived = { ...updated, archived: true, byUserId: member.id };
    for (const u of [owner, member]) {
      expect(heard(hears(u), circle.id).filter((e) => e.type !== 'circle.joined')).toEqual([{ ...updated, archived: false }, roleChanged, archived]);
    }
    expect(heard(hears(late), circle.id)).toEqual([
      { type: 'circle.joined', circleId: circle.id, userId: late.id, role: 'member', byUserId: late.id },
      archived,
    ]);
    expect(heard(hears(formerly), circle.id).map((e) => e.type)).toEqual(['circle.joined', 'circle.left']);
    expect(heard(hears(stranger), circle.id)).toEqual([]);
    for (const listener of listeners.values()) listener.stop();
  });
});
