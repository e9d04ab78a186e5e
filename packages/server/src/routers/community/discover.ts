import { router } from '../../trpc';

// Placeholder until discover lands (issue 14, in progress): replace with the procedure.
export const discoverProcedure = router({});
