import { sql, type Executor } from '@rapport/db';
import { z } from 'zod';
import { selectRows } from '../../domain/sql-rows';
import type { CircleCategory } from '../../schemas/circles';

const suggestedRow = z.object({ id: z.uuid(), name: z.string(), category: z.string(), member_count: z.coerce.number() });
export interface SuggestedCircle {
  id: string;
  name: string;
  category: string;
  memberCount: number;
}

/**
 * For each category, the live circle with the most members that this user is
 * not in: read along circles_category_popular_idx, passing over at most the
 * circles they already joined (a bounded number, LIMITS.circlesJoinedPerUser).
 */
export async function mostJoinedCirclesNotIn(db: Executor, userId: string, categories: CircleCategory[]): Promise<SuggestedCircle[]> {
  if (categories.length === 0) return [];
  const rows = await selectRows(
    db,
    sql`select s.id, s.name, s.category::text as category, s.member_count
      from unnest(array[${sql.join(
        categories.map((c) => sql`${c}`),
        sql`, `,
      )}]::circle_category[]) as cat(category)
      cross join lateral (
        select c.id, c.name, c.category, c.member_count from circles c
        where c.category = cat.category and c.archived_at is null
          and not exists (select 1 from circle_members m where m.circle_id = c.id and m.user_id = ${userId})
        order by c.member_count desc, c.id
        limit 1
      ) s`,
    suggestedRow,
  );
  return rows.map((r) => ({ id: r.id, name: r.name, category: r.category, memberCount: r.member_count }));
}
