import { router } from '../../trpc';

// Placeholder until the notification procedures land (issue 14, in progress).
export const notificationsRouter = router({});
