import { pageOutput } from '../../pagination';
import { collectCardInput, collectedCard, listCardsInput, nameCard, removeCardInput, removedCard, updateMyCardInput } from '../../schemas/cards';
import { collectCard, listCards, myCard, removeCard, updateMyCard } from '../../services/cards/cards';
import { protectedProcedure, router } from '../../trpc';
import { serve } from '../procedure';
import { restRoutes } from '../rest-route';

const rest = restRoutes('invitations');

/** Name cards: what I share on mine, and those I keep of people I met at an activity. */
export const cardsRouter = router({
  mine: protectedProcedure.meta(rest('GET', '/cards/me', 'My own name card, as others see it.')).output(nameCard).query(serve(myCard)),

  updateMine: protectedProcedure
    .meta(rest('PUT', '/cards/me', 'Chooses what my card shares; null stops sharing a field.'))
    .input(updateMyCardInput)
    .output(nameCard)
    .mutation(serve(updateMyCard)),

  collect: protectedProcedure
    .meta(rest('POST', '/cards', 'Keeps the card of someone I took part in an activity with.'))
    .input(collectCardInput)
    .output(collectedCard)
    .mutation(serve(collectCard)),

  list: protectedProcedure
    .meta(rest('GET', '/cards', 'The cards I keep, newest first, with where we met.'))
    .input(listCardsInput)
    .output(pageOutput(collectedCard))
    .query(serve(listCards)),

  remove: protectedProcedure
    .meta(rest('DELETE', '/cards/{userId}', 'Lets a card go.'))
    .input(removeCardInput)
    .output(removedCard)
    .mutation(serve(removeCard)),
});
