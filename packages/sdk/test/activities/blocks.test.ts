import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unknownId } from '../connections/helpers';
import { expectError } from '../expect-error';
import { startTestServer, type TestServer, type TestUser } from '../harness';
import { block, everySearched, everyParticipant, hostActivity, ids, uniqueTag } from './helpers';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

/** Asserts `viewer` cannot tell `activityId` from an id that does not exist, through get, participants and join. */
async function expectHiddenFrom(viewer: TestUser, activityId: string) {
  const api = viewer.api.invitations.activities;
  // Thunks, called one pair at a time: a refusal made before it is awaited would be an unhandled rejection.
  const pairs = [
    [() => api.get.query({ activityId }), () => api.get.query({ activityId: unknownId() })],
    [() => api.participants.query({ activityId }), () => api.participants.query({ activityId: unknownId() })],
    [() => api.join.mutate({ activityId }), () => api.join.mutate({ activityId: unknownId() })],
  ] as const;
  for (const [hidden, absent] of pairs) {
    const a = await expectError(hidden(), 'NOT_FOUND');
    const b = await expectError(absent(), 'NOT_FOUND');
    expect(a.message).toBe(b.message);
  }
}

describe.each([
  ['the host blocked the viewer', 'host'],
  ['the viewer blocked the host', 'viewer'],
] as const)('when %s', (_, who) => {
  /** Makes the block this case is about and returns it with the one who made it, who alone can remove it. */
  const blockThem = async (host: TestUser, viewer: TestUser) => {
    const [blocker, blocked] = who === 'host' ? [host, viewer] : [viewer, host];
    return { blocker, connection: await block(blocker, blocked) };
  };

  it('a public activity is hidden from get, participants, join and search, as if it did not exist', async () => {
    const [host, viewer, bystander] = await Promise.all([t.user('Host'), t.user('Viewer'), t.user('Bystander')]);
    const tag = uniqueTag('block');
    const activity = await hostActivity(host, { tags: [tag], place: { latitude: 48.85, longitude: 2.35 } });
    expect(ids(await everySearched(viewer, { tags: [tag] }))).toEqual([activity.id]);

    await blockThem(host, viewer);
    await expectHiddenFrom(viewer, activity.id);
    expect(await everySearched(viewer, { tags: [tag] })).toEqual([]);
    expect(await everySearched(viewer, { tags: [tag], latitude: 48.85, longitude: 2.35 })).toEqual([]);
    expect(await everySearched(viewer, { query: activity.title, tags: [tag] })).toEqual([]);
    // The refused join seated nobody.
    expect(ids(await everyParticipant(host, activity.id))).toEqual([host.id]);
    // Nobody else is affected.
    expect(ids(await everySearched(bystander, { tags: [tag] }))).toEqual([activity.id]);
    expect((await bystander.api.invitations.activities.join.mutate({ activityId: activity.id })).status).toBe('participant');
  });

  it('the host does not find the viewer’s activities either', async () => {
    const [host, viewer] = await Promise.all([t.user(), t.user()]);
    const tag = uniqueTag('block');
    const viewersOwn = await hostActivity(viewer, { tags: [tag] });
    await blockThem(host, viewer);
    expect(await everySearched(host, { tags: [tag] })).toEqual([]);
    await expectHiddenFrom(host, viewersOwn.id);
  });

  it('after the block is removed, the activity is back', async () => {
    const [host, viewer] = await Promise.all([t.user(), t.user()]);
    const tag = uniqueTag('block');
    const activity = await hostActivity(host, { tags: [tag] });
    const { blocker, connection } = await blockThem(host, viewer);
    await expectHiddenFrom(viewer, activity.id);
    await blocker.api.connections.remove.mutate({ connectionId: connection.id });
    expect((await viewer.api.invitations.activities.get.query({ activityId: activity.id })).id).toBe(activity.id);
    expect(ids(await everySearched(viewer, { tags: [tag] }))).toEqual([activity.id]);
    expect((await viewer.api.invitations.activities.join.mutate({ activityId: activity.id })).status).toBe('participant');
  });
});
