import { eq, parentProfiles } from '@rapport/db';
import type { Deps } from '../../../deps';
import type { ParentProfileView } from '../../../schemas/session-requests/profiles';
import type { Actor } from '../../auth/sessions';
import { toParentView } from './views';

/** Gives the caller a parent profile; a parent profile has no fields, so a second call returns the first row. */
export async function setParentProfile(deps: Deps, actor: Actor): Promise<ParentProfileView> {
  await deps.db.insert(parentProfiles).values({ userId: actor.userId }).onConflictDoNothing({ target: parentProfiles.userId });
  const [row] = await deps.db.select().from(parentProfiles).where(eq(parentProfiles.userId, actor.userId)).limit(1);
  if (!row) throw new Error('parent profile vanished right after its insert');
  return toParentView(row);
}
