import { and, connections, eq, inArray, ne, or, type Database } from '@rapport/db';
import type { Actor } from '../../domain/sessions';
import type { CheckRelationshipInput, CheckRelationshipsInput, Relationship } from '../../schemas/connection';
import { otherUserId } from './view';

/** The relationship between the actor and one user. */
export async function checkRelationship(db: Database, actor: Actor, input: CheckRelationshipInput): Promise<Relationship> {
  const [only] = await checkRelationships(db, actor, { targetUserIds: [input.targetUserId] });
  if (!only) throw new Error('check returned no relationship');
  return only;
}

/**
 * The relationship between the actor and each target, both directions, in one
 * query. Unknown ids get the empty relationship: asking reveals nothing.
 */
export async function checkRelationships(db: Database, actor: Actor, input: CheckRelationshipsInput): Promise<Relationship[]> {
  const me = actor.userId;
  const { targetUserIds } = input;
  const targets = [...new Set(targetUserIds)];
  const rows =
    targets.length === 0
      ? []
      : await db
          .select()
          .from(connections)
          .where(
            and(
              ne(connections.status, 'rejected'),
              or(
                and(eq(connections.requesterId, me), inArray(connections.addresseeId, targets)),
                and(eq(connections.addresseeId, me), inArray(connections.requesterId, targets)),
              ),
            ),
          );
  return targetUserIds.map((userId) => {
    // Match on the other party, not on "either side": every row has the actor
    // on one side, so asking about oneself in a batch would match them all.
    const between = userId === me ? [] : rows.filter((r) => otherUserId(r, me) === userId);
    const mine = (type: 'follow' | 'block') => between.find((r) => r.type === type && r.requesterId === me);
    const theirs = (type: 'follow' | 'block') => between.find((r) => r.type === type && r.requesterId === userId);
    const friend = between.find((r) => r.type === 'friend');
    const friendship: Relationship['friendship'] = !friend
      ? 'none'
      : friend.status === 'accepted'
        ? 'friends'
        : friend.requesterId === me
          ? 'outgoing_request'
          : 'incoming_request';
    return {
      userId,
      following: mine('follow') !== undefined,
      followedBy: theirs('follow') !== undefined,
      friendship,
      blocking: mine('block') !== undefined,
      blockedBy: theirs('block') !== undefined,
      followConnectionId: mine('follow')?.id ?? null,
      friendConnectionId: friend?.id ?? null,
      blockConnectionId: mine('block')?.id ?? null,
    };
  });
}
