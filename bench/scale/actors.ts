import { signUpUsers, type BenchUser } from '../users';

/** The users the reads are made as: signed up through the SDK, so each holds a real session. */
export interface Actors {
  /** Has the friends whose friends are suggested. */
  popular: BenchUser;
  /** Has the followers: reads its own stats and connection list. */
  hub: BenchUser;
  /** Anyone else: lists the hub's followers, searches names. */
  viewer: BenchUser;
  /** Is in the many conversations. */
  chatter: BenchUser;
  /** Is in the long conversation. */
  historian: BenchUser;
  /** Owns the group whose readers and members are listed. */
  groupOwner: BenchUser;
  /** Has received the session requests. */
  tutor: BenchUser;
}

export async function signUpActors(url: string): Promise<Actors> {
  const users = await signUpUsers(url, 7, 7);
  const at = (i: number): BenchUser => {
    const user = users[i];
    if (user === undefined) throw new Error(`actor ${i} did not sign up`);
    return user;
  };
  return { popular: at(0), hub: at(1), viewer: at(2), chatter: at(3), historian: at(4), groupOwner: at(5), tutor: at(6) };
}
