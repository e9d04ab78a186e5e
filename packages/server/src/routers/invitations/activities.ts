import { pageOutput } from '../../pagination';
import {
  activityRefInput,
  activityView,
  cancelActivityInput,
  createActivityInput,
  joinResult,
  myActivitiesInput,
  participantsInput,
  participantView,
  removeParticipantInput,
  searchActivitiesInput,
  updateActivityInput,
} from '../../schemas/activities';
import { cancelActivity, updateActivity } from '../../services/activities/change';
import { createActivity } from '../../services/activities/create';
import { joinActivity, leaveActivity, removeParticipant } from '../../services/activities/membership';
import { getActivity, listParticipants, myActivities } from '../../services/activities/read';
import { searchActivities } from '../../services/activities/search';
import { protectedProcedure, router } from '../../trpc';
import { serve, serveWith, withEvents } from '../procedure';
import { restRoutes } from '../rest-route';

const rest = restRoutes('invitations');

/** Meetups: a time, a place and seats, joined directly when public, with a line when full. */
export const activitiesRouter = router({
  create: protectedProcedure
    .meta(rest('POST', '/activities', 'Creates an activity I host; I take the first seat.'))
    .input(createActivityInput)
    .output(activityView)
    .mutation(serve(createActivity)),

  update: protectedProcedure
    .meta(rest('PUT', '/activities/{activityId}', 'The host changes an activity; its members hear what changed.'))
    .input(updateActivityInput)
    .output(activityView)
    .mutation(serveWith(updateActivity, withEvents)),

  cancel: protectedProcedure
    .meta(rest('POST', '/activities/{activityId}/cancel', 'The host calls an activity off, with a reason its members hear.'))
    .input(cancelActivityInput)
    .output(activityView)
    .mutation(serveWith(cancelActivity, withEvents)),

  get: protectedProcedure
    .meta(rest('GET', '/activities/{activityId}', 'One activity: seats left, the line, and where I stand.'))
    .input(activityRefInput)
    .output(activityView)
    .query(serve(getActivity)),

  mine: protectedProcedure
    .meta(rest('GET', '/activities', 'Activities I host, take part in or wait for; upcoming or past.'))
    .input(myActivitiesInput)
    .output(pageOutput(activityView))
    .query(serve(myActivities)),

  search: protectedProcedure
    .meta(rest('GET', '/discover/activities', 'Public upcoming activities by words, tags, time and distance.'))
    .input(searchActivitiesInput)
    .output(pageOutput(activityView))
    .query(serve(searchActivities)),

  participants: protectedProcedure
    .meta(rest('GET', '/activities/{activityId}/participants', 'Who takes part, in the order they came.'))
    .input(participantsInput)
    .output(pageOutput(participantView))
    .query(serve(listParticipants)),

  join: protectedProcedure
    .meta(rest('POST', '/activities/{activityId}/join', 'Joins a public activity: a seat, or a place in line when it is full.'))
    .input(activityRefInput)
    .output(joinResult)
    .mutation(serveWith(joinActivity, withEvents)),

  leave: protectedProcedure
    .meta(rest('POST', '/activities/{activityId}/leave', 'Leaves an activity; a freed seat goes to the first in line.'))
    .input(activityRefInput)
    .output(activityView)
    .mutation(serveWith(leaveActivity, withEvents)),

  removeParticipant: protectedProcedure
    .meta(rest('DELETE', '/activities/{activityId}/participants/{userId}', 'The host takes someone out; a freed seat goes to the first in line.'))
    .input(removeParticipantInput)
    .output(activityView)
    .mutation(serveWith(removeParticipant, withEvents)),
});
