import { z } from 'zod';
import { pageInput, pageOutput, timeIdCursor } from '../../pagination';
import { packageCreateInput, packageUpdateInput, packageView } from '../../schemas/session-requests/packages';
import { archivePackage } from '../../services/session-requests/packages/archive';
import { createPackage } from '../../services/session-requests/packages/create';
import { getPackage } from '../../services/session-requests/packages/get';
import { myPackages, packagesOfTutor } from '../../services/session-requests/packages/list';
import { unarchivePackage } from '../../services/session-requests/packages/unarchive';
import { updatePackage } from '../../services/session-requests/packages/update';
import { protectedProcedure, router } from '../../trpc';

const packageRef = z.strictObject({ packageId: z.uuid() });

export const packagesRouter = router({
  create: protectedProcedure
    .input(packageCreateInput)
    .output(packageView)
    .mutation(({ ctx, input }) => createPackage(ctx.deps, ctx.actor, input)),

  update: protectedProcedure
    .input(packageUpdateInput)
    .output(packageView)
    .mutation(({ ctx, input }) => updatePackage(ctx.deps, ctx.actor, input)),

  archive: protectedProcedure
    .input(packageRef)
    .output(packageView)
    .mutation(({ ctx, input }) => archivePackage(ctx.deps, ctx.actor, input)),

  unarchive: protectedProcedure
    .input(packageRef)
    .output(packageView)
    .mutation(({ ctx, input }) => unarchivePackage(ctx.deps, ctx.actor, input)),

  mine: protectedProcedure
    .input(z.strictObject({ includeArchived: z.boolean().default(false), ...pageInput(timeIdCursor) }).prefault({}))
    .output(pageOutput(packageView))
    .query(({ ctx, input }) => myPackages(ctx.deps, ctx.actor, input)),

  ofTutor: protectedProcedure
    .input(z.strictObject({ tutorId: z.uuid(), ...pageInput(timeIdCursor) }))
    .output(pageOutput(packageView))
    .query(({ ctx, input }) => packagesOfTutor(ctx.deps, ctx.actor, input)),

  get: protectedProcedure
    .input(packageRef)
    .output(packageView)
    .query(({ ctx, input }) => getPackage(ctx.deps, ctx.actor, input)),
});
