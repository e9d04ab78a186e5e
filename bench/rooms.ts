import type { BenchUser } from './users';

const MEMBERS_PER_CALL = 50;

/** A group owned by `owner` with `members` in it, built 50 at a time as the API allows. */
export async function createRoom(owner: BenchUser, members: BenchUser[], title: string): Promise<string> {
  const ids = members.map((m) => m.id);
  const created = await owner.api.chat.createGroup.mutate({ title, memberIds: ids.slice(0, MEMBERS_PER_CALL) });
  for (let start = MEMBERS_PER_CALL; start < ids.length; start += MEMBERS_PER_CALL) {
    await owner.api.chat.addMembers.mutate({ conversationId: created.id, userIds: ids.slice(start, start + MEMBERS_PER_CALL) });
  }
  return created.id;
}
