import { randomUUID } from 'node:crypto';
import { sql, type SQL } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../src/client';
import { applyMigrations } from '../src/migrate';
import { openTestDatabase, selectAll, testDatabaseUrl, type TestDatabase } from '../src/testing';

// The constraints of 0003_schema_constraints, each shown to turn away a row
// the server would never write and to take one it does. Rows go in as raw
// SQL, past every check the server makes, so only the database is tested.
// Runs on PGlite, and on PostgreSQL when TEST_DATABASE_URL is set.

const FOREIGN_KEY_VIOLATION = '23503';
const CHECK_VIOLATION = '23514';

interface Violation {
  code: string | undefined;
  constraint: string | undefined;
}

/** The SQLSTATE and constraint a statement failed on; 'accepted' when it did not fail. */
async function outcome(statement: Promise<unknown>): Promise<Violation | 'accepted'> {
  try {
    await statement;
    return 'accepted';
  } catch (error) {
    // drizzle wraps the driver's error; postgres.js names the constraint
    // `constraint_name`, PGlite `constraint`.
    for (let current: unknown = error; current instanceof Error; current = current.cause) {
      const fields = current as Error & { code?: unknown; constraint_name?: unknown; constraint?: unknown };
      if (typeof fields.code === 'string') {
        const constraint = fields.constraint_name ?? fields.constraint;
        return { code: fields.code, constraint: typeof constraint === 'string' ? constraint : undefined };
      }
    }
    throw error;
  }
}

const select = <T,>(query: SQL) => selectAll<T>(db, query);

let database: TestDatabase;
let db: DatabaseHandle['db'];

const ids = {
  tutor: randomUUID(),
  otherTutor: randomUUID(),
  student: randomUUID(),
  package: randomUUID(),
  otherTutorsPackage: randomUUID(),
  conversation: randomUUID(),
  message: randomUUID(),
};

async function insertUser(id: string, name: string): Promise<void> {
  await db.execute(sql`insert into users (id, email, password_hash, name) values (${id}, ${`${name}@example.test`}, 'x', ${name})`);
}

async function insertTutor(id: string, name: string, packageId: string): Promise<void> {
  await insertUser(id, name);
  await db.execute(sql`insert into tutor_profiles (user_id, hourly_rate, currency) values (${id}, 40, 'EUR')`);
  await db.execute(sql`
    insert into tutor_packages (id, tutor_id, name, session_count, minutes_per_session, price, currency, schedule_type)
    values (${packageId}, ${id}, 'Algebra', 4, 60, 150, 'EUR', 'recurring')`);
}

async function insertConversation(id: string): Promise<void> {
  await db.execute(sql`insert into conversations (id, kind, title) values (${id}, 'group', 'Study group')`);
}

async function insertMessage(id: string, conversationId: string, seq: number, replyToId: string | null = null): Promise<void> {
  await db.execute(sql`
    insert into messages (id, conversation_id, seq, sender_id, kind, body, reply_to_id)
    values (${id}, ${conversationId}, ${seq}, ${ids.student}, 'text', 'hello', ${replyToId}::uuid)`);
}

interface RequestColumns {
  tutorId: string;
  packageId: string;
  days: string;
  startTime: string;
  endTime: string;
}

/**
 * Inserts a pending request of the student's, as the server would write it,
 * with the given columns changed; `days` is an array literal. An accepted row
 * is deleted again, so the next one is not a second pending request.
 */
function insertRequest(changes: Partial<RequestColumns> = {}): Promise<unknown> {
  const row: RequestColumns = {
    tutorId: ids.tutor,
    packageId: ids.package,
    days: '{monday,wednesday}',
    startTime: '14:30',
    endTime: '16:00',
    ...changes,
  };
  const id = randomUUID();
  const insert: SQL = sql`
    insert into session_requests
      (id, requester_id, requester_role, student_id, tutor_id, package_id, package, conversation_id, message_id,
       schedule_type, days, start_time, end_time)
    values
      (${id}, ${ids.student}, 'student', ${ids.student}, ${row.tutorId}, ${row.packageId}, '{}'::jsonb,
       ${ids.conversation}, ${ids.message}, 'recurring', ${row.days}::text[], ${row.startTime}, ${row.endTime})`;
  return db.execute(insert).then(() => db.execute(sql`delete from session_requests where id = ${id}`));
}

beforeAll(async () => {
  database = await openTestDatabase(2);
  // The PGlite snapshot is migrated already; a PostgreSQL database starts empty.
  await applyMigrations(database.handle);
  db = database.handle.db;
  await insertUser(ids.student, 'student');
  await insertTutor(ids.tutor, 'tutor', ids.package);
  await insertTutor(ids.otherTutor, 'other-tutor', ids.otherTutorsPackage);
  await insertConversation(ids.conversation);
  await insertMessage(ids.message, ids.conversation, 1);
});

afterAll(async () => {
  await database?.dispose();
});

describe(`schema constraints (${testDatabaseUrl === undefined ? 'PGlite' : 'PostgreSQL'})`, () => {
  describe('session_requests_package_fk: the package is one of the request tutor’s', () => {
    it('accepts the tutor’s own package', async () => {
      expect(await outcome(insertRequest())).toBe('accepted');
    });

    it('rejects another tutor’s package', async () => {
      expect(await outcome(insertRequest({ packageId: ids.otherTutorsPackage }))).toEqual({
        code: FOREIGN_KEY_VIOLATION,
        constraint: 'session_requests_package_fk',
      });
    });

    it('rejects a package that does not exist', async () => {
      expect(await outcome(insertRequest({ packageId: randomUUID() }))).toEqual({
        code: FOREIGN_KEY_VIOLATION,
        constraint: 'session_requests_package_fk',
      });
    });

    it('still lets a tutor’s user go, with their packages and the requests for them', async () => {
      const tutor = randomUUID();
      const pkg = randomUUID();
      await insertTutor(tutor, 'leaving-tutor', pkg);
      await db.execute(sql`
        insert into session_requests
          (requester_id, requester_role, student_id, tutor_id, package_id, package, conversation_id, message_id,
           schedule_type, days, start_time, end_time)
        values (${ids.student}, 'student', ${ids.student}, ${tutor}, ${pkg}, '{}'::jsonb, ${ids.conversation},
          ${ids.message}, 'recurring', '{friday}', '09:00', '10:00')`);
      expect(await outcome(db.execute(sql`delete from users where id = ${tutor}`))).toBe('accepted');
      expect(await select(sql`select count(*)::int as n from session_requests where tutor_id = ${tutor}`)).toEqual([{ n: 0 }]);
    });
  });

  describe('session_requests_start_time / _end_time: 24-hour "HH:MM", as the server accepts', () => {
    it.each(['00:00', '09:30', '14:30', '23:58'])('accepts a start of %s', async (startTime) => {
      expect(await outcome(insertRequest({ startTime, endTime: '23:59' }))).toBe('accepted');
    });

    // Each bad value is one the other two checks let through, so only the
    // format check can refuse it: starts that sort below the end, and ends
    // that sort above the start (both checks share one expression).
    it.each(['14:60', '14:30:00', ' 14:30', '14:30\n', '1430', '14.30', '', '-1:00'])(
      'rejects a start of %j',
      async (startTime) => {
        expect(await outcome(insertRequest({ startTime, endTime: '23:59' }))).toEqual({
          code: CHECK_VIOLATION,
          constraint: 'session_requests_start_time',
        });
      },
    );

    it.each(['9:30', '24:00', '23:60', '23:59:59', '7:00 pm', '２３:００'])('rejects an end of %j', async (endTime) => {
      expect(await outcome(insertRequest({ startTime: '00:00', endTime }))).toEqual({
        code: CHECK_VIOLATION,
        constraint: 'session_requests_end_time',
      });
    });
  });

  describe('session_requests_end_after_start: the end is later the same day', () => {
    it('accepts an end one minute after the start', async () => {
      expect(await outcome(insertRequest({ startTime: '09:59', endTime: '10:00' }))).toBe('accepted');
    });

    it.each([
      ['14:30', '14:30'],
      ['14:30', '09:00'],
      ['23:00', '00:30'],
    ])('rejects %s to %s', async (startTime, endTime) => {
      expect(await outcome(insertRequest({ startTime, endTime }))).toEqual({
        code: CHECK_VIOLATION,
        constraint: 'session_requests_end_after_start',
      });
    });
  });

  describe('session_requests_days: distinct lower-case day names', () => {
    it.each(['{}', '{monday}', '{sunday,monday}', '{monday,tuesday,wednesday,thursday,friday,saturday,sunday}'])(
      'accepts %s',
      async (days) => {
        expect(await outcome(insertRequest({ days }))).toBe('accepted');
      },
    );

    it.each(['{Monday}', '{funday}', '{mon}', '{"monday "}', '{monday,monday}', '{monday,tuesday,monday}', '{NULL}', '{monday,NULL}', '{{monday}}'])(
      'rejects %s',
      async (days) => {
        expect(await outcome(insertRequest({ days }))).toEqual({ code: CHECK_VIOLATION, constraint: 'session_requests_days' });
      },
    );
  });

  describe('messages_reply_to_id_messages_id_fk: a reply names a message', () => {
    it('accepts a reply to a message, and a message that is no reply', async () => {
      expect(await outcome(insertMessage(randomUUID(), ids.conversation, 2, ids.message))).toBe('accepted');
      expect(await outcome(insertMessage(randomUUID(), ids.conversation, 3))).toBe('accepted');
    });

    it('rejects a reply to a message that does not exist', async () => {
      expect(await outcome(insertMessage(randomUUID(), ids.conversation, 4, randomUUID()))).toEqual({
        code: FOREIGN_KEY_VIOLATION,
        constraint: 'messages_reply_to_id_messages_id_fk',
      });
    });

    it('sets the reply’s reference to null when the message it answers is deleted', async () => {
      const [original, reply] = [randomUUID(), randomUUID()];
      await insertMessage(original, ids.conversation, 5);
      await insertMessage(reply, ids.conversation, 6, original);
      await db.execute(sql`delete from messages where id = ${original}`);
      expect(await select(sql`select reply_to_id from messages where id = ${reply}`)).toEqual([{ reply_to_id: null }]);
    });

    it('still lets a conversation go with a chain of replies in it', async () => {
      const conversation = randomUUID();
      const chain = [randomUUID(), randomUUID(), randomUUID()];
      await insertConversation(conversation);
      for (const [index, id] of chain.entries()) await insertMessage(id, conversation, index + 1, chain[index - 1] ?? null);
      expect(await outcome(db.execute(sql`delete from conversations where id = ${conversation}`))).toBe('accepted');
      expect(await select(sql`select count(*)::int as n from messages where conversation_id = ${conversation}`)).toEqual([{ n: 0 }]);
    });
  });
  describe('connections_settled_kinds: only a friend request waits for an answer', () => {
    const connect = (type: string, status: string) =>
      db.execute(sql`
        insert into connections (requester_id, addressee_id, type, status)
        values (${ids.student}, ${ids.tutor}, ${type}::connection_type, ${status}::connection_status)`);
    afterAll(async () => {
      await db.execute(sql`delete from connections where requester_id = ${ids.student}`);
    });

    it.each([
      ['follow', 'accepted'],
      ['block', 'accepted'],
      ['friend', 'pending'],
    ])('accepts a %s that is %s', async (type, status) => {
      expect(await outcome(connect(type, status))).toBe('accepted');
      await db.execute(sql`delete from connections where requester_id = ${ids.student}`);
    });

    it.each([
      ['follow', 'pending'],
      ['follow', 'rejected'],
      ['block', 'pending'],
    ])('rejects a %s that is %s', async (type, status) => {
      expect(await outcome(connect(type, status))).toEqual({ code: CHECK_VIOLATION, constraint: 'connections_settled_kinds' });
    });
  });
});
