import { pageOutput } from '../../pagination';
import {
  myPackagesInput,
  packageCreateInput,
  packageRefInput,
  packageUpdateInput,
  packageView,
  tutorPackagesInput,
} from '../../schemas/session-requests/packages';
import { archivePackage } from '../../services/session-requests/packages/archive';
import { createPackage } from '../../services/session-requests/packages/create';
import { getPackage } from '../../services/session-requests/packages/get';
import { myPackages, packagesOfTutor } from '../../services/session-requests/packages/list';
import { unarchivePackage } from '../../services/session-requests/packages/unarchive';
import { updatePackage } from '../../services/session-requests/packages/update';
import { protectedProcedure, router } from '../../trpc';

/** A tutor's offers: what a session request asks for. */
export const packagesRouter = router({
  create: protectedProcedure
    .input(packageCreateInput)
    .output(packageView)
    .mutation(({ ctx, input }) => createPackage(ctx.deps.db, ctx.actor, input)),

  update: protectedProcedure
    .input(packageUpdateInput)
    .output(packageView)
    .mutation(({ ctx, input }) => updatePackage(ctx.deps.db, ctx.actor, input)),

  archive: protectedProcedure
    .input(packageRefInput)
    .output(packageView)
    .mutation(({ ctx, input }) => archivePackage(ctx.deps.db, ctx.actor, input)),

  unarchive: protectedProcedure
    .input(packageRefInput)
    .output(packageView)
    .mutation(({ ctx, input }) => unarchivePackage(ctx.deps.db, ctx.actor, input)),

  mine: protectedProcedure
    .input(myPackagesInput)
    .output(pageOutput(packageView))
    .query(({ ctx, input }) => myPackages(ctx.deps.db, ctx.actor, input)),

  ofTutor: protectedProcedure
    .input(tutorPackagesInput)
    .output(pageOutput(packageView))
    .query(({ ctx, input }) => packagesOfTutor(ctx.deps.db, ctx.actor, input)),

  get: protectedProcedure
    .input(packageRefInput)
    .output(packageView)
    .query(({ ctx, input }) => getPackage(ctx.deps.db, ctx.actor, input)),
});
