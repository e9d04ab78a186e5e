import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer, type TestUser } from '../harness';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

/** Every member the viewer is shown in their conversations: list previews, get, and members pages. */
async function membersShownTo(viewer: TestUser, conversationIds: string[]): Promise<string[]> {
  const shown: string[] = [];
  for (const archived of [false, true]) {
    const list = await viewer.api.chat.list.query({ archived });
    for (const conversation of list.items) shown.push(...conversation.members.map((m) => m.userId));
  }
  for (const conversationId of conversationIds) {
    const conversation = await viewer.api.chat.get.query({ conversationId });
    shown.push(...conversation.members.map((m) => m.userId));
    const members = await viewer.api.chat.members.query({ conversationId });
    shown.push(...members.items.map((m) => m.userId));
  }
  return shown;
}

describe('chat: to the blocked, the blocker is not found', () => {
  it('a blocker is left out of the blocked user\'s direct and group member lists and previews, and is back after an unblock', async () => {
    const [blocker, blocked, other] = await Promise.all([t.user('Blocker'), t.user('Blocked'), t.user('Other')]);
    const direct = await blocked.api.chat.openDirect.mutate({ userId: blocker.id });
    const group = await other.api.chat.createGroup.mutate({ title: 'Shared', memberIds: [blocker.id, blocked.id] });
    const ids = [direct.id, group.id];
    expect(await membersShownTo(blocked, ids)).toContain(blocker.id);

    const block = await blocker.api.connections.create.mutate({ targetUserId: blocked.id, type: 'block' });
    await blocker.api.users.updateMe.mutate({ name: 'Blocker Renamed' });
    const shown = await membersShownTo(blocked, ids);
    expect(shown).not.toContain(blocker.id);
    // Everyone else is still listed, and the blocker still sees the one they blocked.
    expect(shown).toContain(other.id);
    expect(shown).toContain(blocked.id);
    expect(await membersShownTo(blocker, ids)).toContain(blocked.id);

    await blocker.api.connections.remove.mutate({ connectionId: block.id });
    expect(await membersShownTo(blocked, ids)).toContain(blocker.id);
  });
});
