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
import { serve } from '../procedure';

/** A tutor's offers: what a session request asks for. */
export const packagesRouter = router({
  create: protectedProcedure.input(packageCreateInput).output(packageView).mutation(serve(createPackage)),

  update: protectedProcedure.input(packageUpdateInput).output(packageView).mutation(serve(updatePackage)),

  archive: protectedProcedure.input(packageRefInput).output(packageView).mutation(serve(archivePackage)),

  unarchive: protectedProcedure.input(packageRefInput).output(packageView).mutation(serve(unarchivePackage)),

  mine: protectedProcedure.input(myPackagesInput).output(pageOutput(packageView)).query(serve(myPackages)),

  ofTutor: protectedProcedure.input(tutorPackagesInput).output(pageOutput(packageView)).query(serve(packagesOfTutor)),

  get: protectedProcedure.input(packageRefInput).output(packageView).query(serve(getPackage)),
});
