import { and, desc, eq, not, sql, tutorProfiles, type Database, type SQLWrapper } from '@rapport/db';
import { blockedEitherWay } from '../../../domain/blocks';
import type { Actor } from '../../../domain/sessions';
import { notFound } from '../../../errors';
import { decodeCursor, pastPosition, timeIdCursor, toPage, type Page } from '../../../pagination';
import type { ProfileOwnerInput, TutorProfileView, TutorSearchInput } from '../../../schemas/session-requests/profiles';
import { selectTutors, toTutorView } from './views';

/** A tutor's public profile. Someone who blocks you, or whom you block, is no tutor to you. */
export async function getTutorProfile(db: Database, actor: Actor, input: ProfileOwnerInput): Promise<TutorProfileView> {
  const [row] = await selectTutors(db)
    .where(and(eq(tutorProfiles.userId, input.userId), not(blockedEitherWay(tutorProfiles.userId, actor.userId))))
    .limit(1);
  if (!row) throw notFound('Tutor');
  return toTutorView(row);
}

/**
 * Tutors teach "Maths" whether the student types "maths" or "MATHS". Written
 * as the expression tutor_profiles_subjects_idx and _languages_idx hold, so a
 * label few tutors have is looked up there.
 */
const hasLabel = (labels: SQLWrapper, wanted: string) => sql`lower_labels(${labels}) @> array[lower(${wanted})]`;

/** Discovery: tutor profiles, newest first, optionally by subject and language, never anyone blocked either way. */
export async function searchTutors(db: Database, actor: Actor, input: TutorSearchInput): Promise<Page<TutorProfileView>> {
  const after = input.cursor ? decodeCursor(input.cursor, timeIdCursor) : null;
  const rows = await selectTutors(db)
    .where(
      and(
        not(blockedEitherWay(tutorProfiles.userId, actor.userId)),
        input.subject === undefined ? undefined : hasLabel(tutorProfiles.subjects, input.subject),
        input.language === undefined ? undefined : hasLabel(tutorProfiles.languages, input.language),
        // An ISO string, not a Date: postgres.js cannot bind a Date in raw SQL (see connections/list.ts).
        after ? pastPosition([tutorProfiles.createdAt, tutorProfiles.userId], [after[0], after[1]], 'desc') : undefined,
      ),
    )
    .orderBy(desc(tutorProfiles.createdAt), desc(tutorProfiles.userId))
    .limit(input.limit + 1);
  return toPage(rows, input.limit, (r) => [r.createdAt.toISOString(), r.userId], toTutorView);
}
