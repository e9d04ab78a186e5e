import { router } from '../../trpc';

// Placeholder until the feed procedures land (issue 14, in progress).
export const postsRouter = router({});
