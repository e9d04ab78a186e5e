import { GROUP_MESSAGES, type Scale } from './scales';
import type { World } from './world';

/** A query that no seeded or signed-up name contains: the search finds nobody. */
const NOBODY = 'zqxjv';
// What a first page holds when there is more (the server's DEFAULT_PAGE_SIZE).
const PAGE = 20;
const SUGGESTIONS = 10;

/** One read, made the same way on both databases. */
export interface Read {
  name: string;
  /** What it reads over on a database of this scale. */
  over(scale: Scale): string;
  /** The target: both ratios within 2, or (suggestions) p50 within a bound at the big scale. */
  p50AtMostMs: number | null;
  call(world: World): Promise<unknown>;
  /** One call, checked: a wrong answer would make its timing meaningless. */
  verify(world: World): Promise<void>;
}

interface Spec<T> {
  name: string;
  over(scale: Scale): string;
  p50AtMostMs?: number;
  call(world: World): Promise<T>;
  /** Why the result is wrong, or null. */
  wrong(result: T, scale: Scale): string | null;
}

function read<T>(spec: Spec<T>): Read {
  return {
    name: spec.name,
    over: spec.over,
    p50AtMostMs: spec.p50AtMostMs ?? null,
    call: spec.call,
    async verify(world) {
      // Inside around(): a statement sent while no call is in flight would be taken for background work.
      const problem = spec.wrong(await world.recorder.around(() => spec.call(world)), world.scale);
      if (problem !== null) throw new Error(`${spec.name} on the ${world.scale.name} database: ${problem}`);
    },
  };
}

const count = (n: number) => n.toLocaleString('en-US');
const expectLength = (items: unknown[], want: number) => (items.length === want ? null : `${items.length} items, expected ${want}`);

export const READS: Read[] = [
  read({
    name: 'connections.suggestions',
    over: (s) => `${count(s.friends)} friends × ${count(s.friendsOfEach)} friends each`,
    p50AtMostMs: 50,
    call: (w) => w.actors.popular.api.connections.suggestions.query({}),
    wrong: (r) => expectLength(r, SUGGESTIONS),
  }),
  read({
    name: 'connections.stats (own)',
    over: (s) => `${count(s.followers)} followers`,
    call: (w) => w.actors.hub.api.connections.stats.query({}),
    wrong: (r, s) => (r.followers === s.followers ? null : `${r.followers} followers, expected ${s.followers}`),
  }),
  read({
    name: 'connections.list, first page',
    over: (s) => `${count(s.followers)} followers`,
    call: (w) => w.actors.hub.api.connections.list.query({}),
    wrong: (r, s) => expectLength(r.items, Math.min(PAGE, s.followers)),
  }),
  read({
    name: 'connections.ofUser followers, first page',
    over: (s) => `${count(s.followers)} followers, seen by another user`,
    call: (w) => w.actors.viewer.api.connections.ofUser.query({ userId: w.actors.hub.id, type: 'followers' }),
    wrong: (r, s) => expectLength(r.items, Math.min(PAGE, s.followers)),
  }),
  read({
    name: 'users.search, no match',
    over: (s) => `${count(s.users)} users`,
    call: (w) => w.actors.viewer.api.users.search.query({ query: NOBODY }),
    wrong: (r) => expectLength(r.items, 0),
  }),
  read({
    name: 'chat.list, first page',
    over: (s) => `${count(s.conversations)} conversations`,
    call: (w) => w.actors.chatter.api.chat.list.query({}),
    wrong: (r, s) => expectLength(r.items, Math.min(PAGE, s.conversations)),
  }),
  read({
    name: 'chat.history, latest page',
    over: (s) => `${count(s.messages)} messages`,
    call: (w) => w.actors.historian.api.chat.history.query({ conversationId: w.seed.ids.longConversation }),
    wrong: (r, s) => expectLength(r.items, PAGE) ?? (r.items[0]?.seq === s.messages ? null : `newest seq ${r.items[0]?.seq}, expected ${s.messages}`),
  }),
  read({
    name: 'chat.readers',
    over: (s) => `group of ${count(s.groupMembers)}, last message read by ${count(s.groupMembers - 1)}`,
    call: (w) => w.actors.groupOwner.api.chat.readers.query({ conversationId: w.seed.ids.group }),
    wrong: (r, s) => {
      const read = r.filter((reader) => reader.lastReadSeq >= GROUP_MESSAGES).length;
      return expectLength(r, s.groupMembers) ?? (read === s.groupMembers - 1 ? null : `${read} read the last message, expected ${s.groupMembers - 1}`);
    },
  }),
  read({
    name: 'chat.members, first page',
    over: (s) => `group of ${count(s.groupMembers)}`,
    call: (w) => w.actors.groupOwner.api.chat.members.query({ conversationId: w.seed.ids.group }),
    wrong: (r, s) => expectLength(r.items, Math.min(PAGE, s.groupMembers)),
  }),
  read({
    name: 'sessionRequests.list received, first page',
    over: (s) => `${count(s.requests)} requests`,
    call: (w) => w.actors.tutor.api.sessionRequests.list.query({ box: 'received' }),
    wrong: (r, s) => expectLength(r.items, Math.min(PAGE, s.requests)),
  }),
];
