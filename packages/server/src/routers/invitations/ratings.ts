import { z } from 'zod';
import { pageOutput } from '../../pagination';
import { givenRatingsInput, rateInput, ratingSummary, ratingSummaryInput, ratingView, receivedRatingsInput } from '../../schemas/ratings';
import { rate } from '../../services/ratings/rate';
import { givenRatings, ratingSummaryOf, receivedRatings } from '../../services/ratings/read';
import { protectedProcedure, router } from '../../trpc';
import { serve, serveWith, withEvents } from '../procedure';
import { restRoutes } from '../rest-route';

const rest = restRoutes('invitations');

/** After an activity, its participants rate each other 1–5. */
export const ratingsRouter = router({
  /** Rates someone I took part with, once it has ended; again within a week changes it. */
  rate: protectedProcedure
    .meta(rest('POST', '/ratings', 'Rates someone I took part in an activity with, once it has ended.'))
    .input(rateInput)
    .output(ratingView)
    .mutation(serveWith(rate, withEvents)),

  summary: protectedProcedure
    .meta(rest('GET', '/ratings/user/{userId}', "A user's ratings in sum: count, average and distribution."))
    .input(ratingSummaryInput)
    .output(ratingSummary)
    .query(serve(ratingSummaryOf)),

  received: protectedProcedure
    .meta(rest('GET', '/ratings/received', 'What others said about me, comments included, newest first.'))
    .input(receivedRatingsInput)
    .output(pageOutput(ratingView))
    .query(serve(receivedRatings)),

  given: protectedProcedure
    .meta(rest('GET', '/activities/{activityId}/ratings', 'The ratings I gave in one activity.'))
    .input(givenRatingsInput)
    .output(z.array(ratingView))
    .query(serve(givenRatings)),
});
