import { pageOutput } from '../../pagination';
import {
  circleDetails,
  circleMemberInput,
  circleMembersInput,
  circleMemberView,
  circleRefInput,
  circleView,
  createCircleInput,
  listCirclesInput,
  myCirclesInput,
  setCircleRoleInput,
  updateCircleInput,
} from '../../schemas/circles';
import { archiveCircle, restoreCircle, updateCircle } from '../../services/circles/change';
import { createCircle } from '../../services/circles/create';
import { listCircles } from '../../services/circles/list';
import { joinCircle, leaveCircle, removeCircleMember } from '../../services/circles/membership';
import { getCircle, listCircleMembers, myCircles } from '../../services/circles/read';
import { setCircleRole, transferCircleOwnership } from '../../services/circles/roles';
import { protectedProcedure } from '../../trpc';
import { serve, serveWith, withEvents } from '../procedure';
import { restRoutes } from '../rest-route';

const rest = restRoutes('community');

/**
 * Circles and their membership, spread into `community.circles` beside the
 * feed (`posts`). Open to everyone signed in while live; an archived circle
 * only to its members.
 */
export const circleProcedures = {
  create: protectedProcedure
    .meta(rest('POST', '/community/circles', 'Creates a circle I own and am the first member of; a retry with the same client key returns it.'))
    .input(createCircleInput)
    .output(circleView)
    .mutation(serveWith(createCircle, withEvents)),

  update: protectedProcedure
    .meta(rest('PATCH', '/community/circles/{circleId}', 'The owner or a moderator changes the name, category, description, image or colour.'))
    .input(updateCircleInput)
    .output(circleView)
    .mutation(serveWith(updateCircle, withEvents)),

  archive: protectedProcedure
    .meta(rest('POST', '/community/circles/{circleId}/archive', 'The owner or a moderator archives the circle: out of lists, closed to joins and posts.'))
    .input(circleRefInput)
    .output(circleView)
    .mutation(serveWith(archiveCircle, withEvents)),

  restore: protectedProcedure
    .meta(rest('DELETE', '/community/circles/{circleId}/archive', 'The owner brings an archived circle back.'))
    .input(circleRefInput)
    .output(circleView)
    .mutation(serveWith(restoreCircle, withEvents)),

  list: protectedProcedure
    .meta(rest('GET', '/community/circles', 'Live circles by name, of one category or all, matching a text.'))
    .input(listCirclesInput)
    .output(pageOutput(circleView))
    .query(serve(listCircles)),

  mine: protectedProcedure
    .meta(rest('GET', '/community/me/circles', 'The circles I belong to, newest joined first.'))
    .input(myCirclesInput)
    .output(pageOutput(circleView))
    .query(serve(myCircles)),

  get: protectedProcedure
    .meta(rest('GET', '/community/circles/{circleId}', 'One circle: its counts, my role, and its newest posts.'))
    .input(circleRefInput)
    .output(circleDetails)
    .query(serve(getCircle)),

  join: protectedProcedure
    .meta(rest('POST', '/community/circles/{circleId}/join', 'Joins a circle; joining again answers the same.'))
    .input(circleRefInput)
    .output(circleView)
    .mutation(serveWith(joinCircle, withEvents)),

  leave: protectedProcedure
    .meta(rest('POST', '/community/circles/{circleId}/leave', 'Leaves a circle; its owner hands it over first.'))
    .input(circleRefInput)
    .output(circleView)
    .mutation(serveWith(leaveCircle, withEvents)),

  members: protectedProcedure
    .meta(rest('GET', '/community/circles/{circleId}/members', 'Who is in the circle, newest first, of one role or all.'))
    .input(circleMembersInput)
    .output(pageOutput(circleMemberView))
    .query(serve(listCircleMembers)),

  removeMember: protectedProcedure
    .meta(rest('DELETE', '/community/circles/{circleId}/members/{userId}', 'The owner or a moderator takes a member out.'))
    .input(circleMemberInput)
    .output(circleView)
    .mutation(serveWith(removeCircleMember, withEvents)),

  setRole: protectedProcedure
    .meta(rest('PUT', '/community/circles/{circleId}/members/{userId}/role', 'The owner makes a member a moderator, or a moderator a member.'))
    .input(setCircleRoleInput)
    .output(circleView)
    .mutation(serveWith(setCircleRole, withEvents)),

  transferOwnership: protectedProcedure
    .meta(rest('PUT', '/community/circles/{circleId}/owner', 'The owner hands the circle to a member and stays on as a moderator.'))
    .input(circleMemberInput)
    .output(circleView)
    .mutation(serveWith(transferCircleOwnership, withEvents)),
};
