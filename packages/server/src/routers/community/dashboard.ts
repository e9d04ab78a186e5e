import { router } from '../../trpc';

// Placeholder until the dashboard lands (issue 14, in progress): replace with the procedure.
export const dashboardProcedure = router({});
