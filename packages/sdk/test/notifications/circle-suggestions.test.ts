import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer, type TestUser } from '../harness';
import { listen } from '../realtime/listen';
import { notificationsOfType, signUp, untilNotificationEvents } from './helpers';

// Interests that reach a circle category a profile had none in bring one
// suggestion: the most joined live circle of that category the person is not
// in, written with the profile change.

let t: TestServer;
let owner: TestUser;
beforeAll(async () => {
  t = await startTestServer();
  owner = await t.user('Owner');
});
afterAll(() => t.close());

async function circle(name: string, category: 'Wellness' | 'Fitness' | 'Creative' | 'Social', members: TestUser[]) {
  const made = await owner.api.community.circles.create.mutate({ name, category, color: '#39ccb7', clientKey: randomUUID() });
  for (const m of members) await m.api.community.circles.join.mutate({ circleId: made.id });
  return made;
}

describe('circle suggestions', () => {
  it('suggest the most joined circle of a newly reached category, once, live, and never one already joined or archived', async () => {
    const [me, a, b, c] = await signUp(t, 4, 'Seeker');
    if (!me || !a || !b || !c) throw new Error('no users');
    const popular = await circle(`Mindful Mornings ${randomUUID().slice(0, 4)}`, 'Wellness', [a, b]);
    // More members than the popular one, but archived.
    const archived = await circle(`Old Wellness ${randomUUID().slice(0, 4)}`, 'Wellness', [a, b, c]);
    await owner.api.community.circles.archive.mutate({ circleId: archived.id });
    const runners = await circle(`Trail Runners ${randomUUID().slice(0, 4)}`, 'Fitness', [a]);
    const smallerRunners = await circle(`Slow Runners ${randomUUID().slice(0, 4)}`, 'Fitness', []);
    await me.api.community.circles.join.mutate({ circleId: runners.id });

    const heard = listen(me);
    try {
      await me.api.users.updateMe.mutate({ interests: ['yoga'] });
      await untilNotificationEvents(heard, 1);
      const [suggested] = await notificationsOfType(me, 'circle_suggestion');
      expect(suggested).toMatchObject({
        title: `${popular.name} matches your interest in Yoga`,
        description: 'A Wellness circle with 3 members.',
        actionText: 'Join Circle',
        link: `/community/circles/${popular.id}`,
        actors: [],
        read: false,
      });

      // Wellness is reached already: another of its interests suggests nothing.
      await me.api.users.updateMe.mutate({ interests: ['Yoga', 'Meditation'] });
      // Fitness is new: its most joined circle is one I am in, so the next one.
      await me.api.users.updateMe.mutate({ interests: ['Yoga', 'Meditation', 'Hiking'] });
      // Creative has no circle at all.
      await me.api.users.updateMe.mutate({ interests: ['Yoga', 'Meditation', 'Hiking', 'Art'] });
      const all = await notificationsOfType(me, 'circle_suggestion');
      expect(all.map((n) => n.link)).toEqual([`/community/circles/${smallerRunners.id}`, `/community/circles/${popular.id}`]);
    } finally {
      heard.stop();
    }
  });

  it('does not repeat an unread suggestion when interests are cleared and set again', async () => {
    const [me] = await signUp(t, 1, 'Again');
    if (!me) throw new Error('no user');
    const social = await circle(`Board Game Night ${randomUUID().slice(0, 4)}`, 'Social', []);
    await me.api.users.updateMe.mutate({ interests: ['Board Games'] });
    await me.api.users.updateMe.mutate({ interests: [] });
    await me.api.users.updateMe.mutate({ interests: ['Travel'] });
    const all = await notificationsOfType(me, 'circle_suggestion');
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ link: `/community/circles/${social.id}`, title: `${social.name} matches your interest in Travel`, actorCount: 1 });
    expect(await me.api.community.notifications.unreadCount.query()).toMatchObject({ unread: 1 });
  });
});
