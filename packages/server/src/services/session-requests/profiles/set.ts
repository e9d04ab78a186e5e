import { eq, parentProfiles, sql, studentProfiles, tutorProfiles, type Database } from '@rapport/db';
import type { Actor } from '../../../domain/sessions';
import { usersById } from '../../../domain/users';
import type {
  ParentProfileView,
  StudentProfileInput,
  StudentProfileView,
  TutorProfileInput,
  TutorProfileView,
} from '../../../schemas/session-requests/profiles';
import { toParentView, toStudentView, toTutorView } from './views';

/**
 * Creates the caller's tutor profile or replaces its fields; calling it again
 * with the same input changes only updatedAt. The inputs of both setters are
 * strict schemas, exactly the profile's columns, so they are stored as they are.
 */
export async function setTutorProfile(db: Database, actor: Actor, input: TutorProfileInput): Promise<TutorProfileView> {
  const [row] = await db
    .insert(tutorProfiles)
    .values({ userId: actor.userId, ...input })
    .onConflictDoUpdate({ target: tutorProfiles.userId, set: { ...input, updatedAt: sql`now()` } })
    .returning();
  return toTutorView(await withOwner(db, actor, row, 'tutor'));
}

/** Creates the caller's student profile or replaces its fields. */
export async function setStudentProfile(db: Database, actor: Actor, input: StudentProfileInput): Promise<StudentProfileView> {
  const [row] = await db
    .insert(studentProfiles)
    .values({ userId: actor.userId, ...input })
    .onConflictDoUpdate({ target: studentProfiles.userId, set: { ...input, updatedAt: sql`now()` } })
    .returning();
  return toStudentView(await withOwner(db, actor, row, 'student'));
}

/** Gives the caller a parent profile; a parent profile has no fields, so a second call returns the first row. */
export async function setParentProfile(db: Database, actor: Actor): Promise<ParentProfileView> {
  await db.insert(parentProfiles).values({ userId: actor.userId }).onConflictDoNothing({ target: parentProfiles.userId });
  const [row] = await db.select().from(parentProfiles).where(eq(parentProfiles.userId, actor.userId)).limit(1);
  if (!row) throw new Error('parent profile vanished right after its insert');
  return toParentView(row);
}

/** An upserted profile row with the signed-in owner's name and avatar, which every profile view carries. */
async function withOwner<Row extends object>(
  db: Database,
  actor: Actor,
  row: Row | undefined,
  role: 'tutor' | 'student',
): Promise<Row & { name: string; avatarUrl: string | null }> {
  if (!row) throw new Error(`${role} profile upsert returned no row`);
  const owner = (await usersById(db, [actor.userId])).get(actor.userId);
  // The session was checked against the database moments ago; a missing user here is a bug, not bad input.
  if (!owner) throw new Error(`user ${actor.userId} has a live session but no row`);
  return { ...row, name: owner.name, avatarUrl: owner.avatarUrl };
}
