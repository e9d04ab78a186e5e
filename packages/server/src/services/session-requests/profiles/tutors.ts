import { and, desc, not, sql, tutorProfiles, type SQLWrapper } from '@rapport/db';
import type { Deps } from '../../../deps';
import { decodeCursor, pastPosition, timeIdCursor, toPage, type Page } from '../../../pagination';
import type { TutorProfileView } from '../../../schemas/session-requests/profiles';
import type { Actor } from '../../auth/sessions';
import { blockedEitherWay } from '../../blocks';
import { selectTutors, toTutorView } from './views';

export interface TutorSearch {
  subject?: string | undefined;
  language?: string | undefined;
  cursor?: string | undefined;
  limit: number;
}

/** Tutors teach "Maths" whether the student types "maths" or "MATHS". */
const hasLabel = (labels: SQLWrapper, wanted: string) => sql`exists (select 1 from unnest(${labels}) label where lower(label) = lower(${wanted}))`;

/** Discovery: tutor profiles, newest first, optionally by subject and language, never anyone blocked either way. */
export async function searchTutors(deps: Deps, actor: Actor, input: TutorSearch): Promise<Page<TutorProfileView>> {
  const after = input.cursor ? decodeCursor(input.cursor, timeIdCursor) : null;
  const rows = await selectTutors(deps.db)
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
