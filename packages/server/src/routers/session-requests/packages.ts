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
import { restRoutes } from '../rest-route';

const rest = restRoutes('sessionRequests');

/** A tutor's offers: what a session request asks for. */
export const packagesRouter = router({
  create: protectedProcedure
    .meta(rest('POST', '/packages', 'Tutor: a new package of sessions.'))
    .input(packageCreateInput)
    .output(packageView)
    .mutation(serve(createPackage)),

  update: protectedProcedure
    .meta(rest('PATCH', '/packages/{packageId}', 'Tutor: changes a package of mine.'))
    .input(packageUpdateInput)
    .output(packageView)
    .mutation(serve(updatePackage)),

  archive: protectedProcedure
    .meta(rest('POST', '/packages/{packageId}/archive', 'Tutor: stops offering a package.'))
    .input(packageRefInput)
    .output(packageView)
    .mutation(serve(archivePackage)),

  unarchive: protectedProcedure
    .meta(rest('DELETE', '/packages/{packageId}/archive', 'Tutor: offers an archived package again.'))
    .input(packageRefInput)
    .output(packageView)
    .mutation(serve(unarchivePackage)),

  mine: protectedProcedure
    .meta(rest('GET', '/packages', 'My packages, newest first.'))
    .input(myPackagesInput)
    .output(pageOutput(packageView))
    .query(serve(myPackages)),

  ofTutor: protectedProcedure
    .meta(rest('GET', '/tutors/{tutorId}/packages', 'A tutor\'s packages on offer.'))
    .input(tutorPackagesInput)
    .output(pageOutput(packageView))
    .query(serve(packagesOfTutor)),

  get: protectedProcedure
    .meta(rest('GET', '/packages/{packageId}', 'One package.'))
    .input(packageRefInput)
    .output(packageView)
    .query(serve(getPackage)),
});
