import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError } from '../expect-error';
import { startTestServer, type TestServer, type TestUser } from '../harness';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t.close();
});

// Repeats within this long are not broadcast again (services/chat/typing.ts);
// the calls below must land inside it, or they would not test the repeat path.
const REPEAT_WINDOW_MS = 1000;

// A machine slow enough to take longer than the window would test the
// ordinary path instead; such a try is repeated rather than counted.
const TRIES = 5;

async function typingThenLoseMembership(end: (owner: TestUser, member: TestUser, conversationId: string) => Promise<unknown>) {
  for (let attempt = 1; ; attempt++) {
    const [owner, member] = await Promise.all([t.user(), t.user()]);
    const { id } = await owner.api.chat.createGroup.mutate({ title: 'Typing', memberIds: [member.id] });
    const startedAt = Date.now();
    await member.api.chat.typing.mutate({ conversationId: id });
    await end(owner, member, id);
    await expectError(member.api.chat.typing.mutate({ conversationId: id }), 'NOT_FOUND');
    if (Date.now() - startedAt < REPEAT_WINDOW_MS) return;
    if (attempt === TRIES) throw new Error(`no try landed within the ${REPEAT_WINDOW_MS} ms repeat window`);
  }
}

describe('chat.typing checks membership on every call, repeats included', () => {
  it('refuses a member removed within a second of their last typing signal', async () => {
    await typingThenLoseMembership((owner, member, id) => owner.api.chat.removeMember.mutate({ conversationId: id, userId: member.id }));
  });

  it('refuses a member who left within a second of their last typing signal', async () => {
    await typingThenLoseMembership((_owner, member, id) => member.api.chat.leave.mutate({ conversationId: id }));
  });

  it('still answers a member repeating within a second with the signal already sent', async () => {
    const [owner, member] = await Promise.all([t.user(), t.user()]);
    const { id } = await owner.api.chat.createGroup.mutate({ title: 'Typing', memberIds: [member.id] });
    const first = await member.api.chat.typing.mutate({ conversationId: id });
    expect(await member.api.chat.typing.mutate({ conversationId: id })).toEqual(first);
  });
});
