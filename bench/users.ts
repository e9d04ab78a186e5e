import { randomUUID } from 'node:crypto';
import { createRapportClient, type RapportClient, type StoredSession } from '@rapport/sdk';

export interface BenchUser {
  id: string;
  session: StoredSession;
  api: RapportClient['api'];
}

/**
 * Signs up `count` users through the SDK, `batch` at a time: each sign-up
 * hashes a password with argon2id (19 MiB), which is what bounds this.
 */
export async function signUpUsers(url: string, count: number, batch = 16): Promise<BenchUser[]> {
  const users: BenchUser[] = [];
  for (let start = 0; start < count; start += batch) {
    const size = Math.min(batch, count - start);
    users.push(...(await Promise.all(Array.from({ length: size }, (_, i) => signUp(url, `Bench ${start + i + 1}`)))));
  }
  return users;
}

async function signUp(url: string, name: string): Promise<BenchUser> {
  const client = createRapportClient({ url });
  const result = await client.api.auth.signUp.mutate({ email: `${randomUUID()}@bench.test`, password: 'benchmark password 1', name });
  const session = await client.session();
  if (session === null) throw new Error(`sign-up of ${name} left no session`);
  return { id: result.userId, session, api: client.api };
}
