import { sql, type Executor, type SQL } from '@rapport/db';
import { z } from 'zod';
import { selectRows } from '../../domain/sql-rows';
import type { CollectedCard } from '../../schemas/cards';

const time = z.coerce.date();
const text = z.string().nullable();

const cardRow = z.object({
  id: z.string(),
  name: z.string(),
  avatar_url: text,
  city: text,
  phone: text,
  email: text,
  website: text,
  instagram: text,
  linkedin: text,
  activity_id: text,
  title: text,
  starts_at: time.nullable(),
  collected_at: time,
});
export type CardRow = z.infer<typeof cardRow>;

/**
 * Cards `c` matching `where`, newest first (collected_cards_owner_idx), each
 * with the person's current name, avatar and city and what they share now.
 */
export function cardRows(db: Executor, where: SQL, limit: number): Promise<CardRow[]> {
  return selectRows(
    db,
    sql`select u.id, u.name, u.avatar_url, u.city, uc.phone, uc.email, uc.website, uc.instagram, uc.linkedin,
          a.id as activity_id, a.title, a.starts_at, c.collected_at
        from collected_cards c
        join users u on u.id = c.card_user_id
        left join user_cards uc on uc.user_id = c.card_user_id
        left join activities a on a.id = c.activity_id
        where ${where}
        order by c.collected_at desc, c.card_user_id desc
        limit ${limit}`,
    cardRow,
  );
}

export function toCollectedCard(row: CardRow): CollectedCard {
  return {
    user: { id: row.id, name: row.name, avatarUrl: row.avatar_url, city: row.city },
    contact: { phone: row.phone, email: row.email, website: row.website, instagram: row.instagram, linkedin: row.linkedin },
    metAt: row.activity_id === null || row.title === null || row.starts_at === null ? null : { activityId: row.activity_id, title: row.title, startsAt: row.starts_at.toISOString() },
    collectedAt: row.collected_at.toISOString(),
  };
}
