/**
 * How much of each shape one database holds. The reads are the same on both
 * databases; only these numbers differ, so a read whose cost follows what it
 * returns takes about as long on either.
 */
export interface Scale {
  name: 'small' | 'big';
  /** Seeded users besides the actors who sign up. */
  users: number;
  /** The hub's followers. */
  followers: number;
  /** Popular's accepted friends, and how many friends each of them has besides popular. */
  friends: number;
  friendsOfEach: number;
  /** Conversations the chatter is in. */
  conversations: number;
  /** Messages in the historian's one long conversation. */
  messages: number;
  /** The group whose read receipts and members are listed, its owner included. */
  groupMembers: number;
  /** Session requests the tutor has received. */
  requests: number;
}

export const SMALL: Scale = {
  name: 'small',
  users: 1_000,
  followers: 10,
  friends: 10,
  friendsOfEach: 10,
  conversations: 10,
  messages: 10_000,
  groupMembers: 5,
  requests: 10,
};

/** The big database; the long conversation's size can be lowered (BENCH_SCALE_MESSAGES) when seeding 10M rows is too slow. */
export const big = (messages: number): Scale => ({
  name: 'big',
  users: 100_000,
  followers: 100_000,
  friends: 500,
  friendsOfEach: 500,
  conversations: 1_000,
  messages,
  groupMembers: 256,
  requests: 5_000,
});

/** The message every member of the group but one has read: the group's last one. */
export const GROUP_MESSAGES = 10;
