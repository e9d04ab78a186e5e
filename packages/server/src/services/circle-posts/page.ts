import { z } from 'zod';
import { notFound } from '../../errors';
import { toPage, type Page } from '../../pagination';
import { postView, type PostView } from '../../schemas/circle-posts';

/**
 * A row of a page query that joins its posts laterally to what they belong
 * to (a circle, a parent post): one row per call, a null post when the page
 * is empty, and no row at all when the viewer may not read it, all in the
 * same query.
 */
export const pageRow = z.object({ post: postView.nullable() });

/** The page from rows fetched with limit + 1 by (created_at, id); NOT_FOUND for no row at all. */
export function pageOfPosts(rows: z.infer<typeof pageRow>[], limit: number, what: string): Page<PostView> {
  if (rows.length === 0) throw notFound(what);
  const posts = rows.flatMap((r) => (r.post === null ? [] : [r.post]));
  return toPage(posts, limit, (p) => [p.createdAt, p.id], (p) => p);
}
