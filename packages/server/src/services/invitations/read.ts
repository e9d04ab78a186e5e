import { and, desc, eq, invitations, sql, type Database, type SQL } from '@rapport/db';
import type { Actor } from '../../domain/sessions';
import { notFound } from '../../errors';
import { decodeCursor, pastPosition, timeIdCursor, toPage, type Page } from '../../pagination';
import type { InvitationRefInput, InvitationView, ListInvitationsInput } from '../../schemas/invitations';
import { blockedEitherWay } from '../../domain/blocks';
import { invitationView, invitationViews } from './view';

/** One invitation, to its sender or its recipient (never across a block between them). */
export async function getInvitation(db: Database, actor: Actor, input: InvitationRefInput): Promise<InvitationView> {
  const me = actor.userId;
  const [row] = await db
    .select({ id: invitations.id })
    .from(invitations)
    .where(
      and(
        eq(invitations.id, input.invitationId),
        sql`(${invitations.senderId} = ${me} or ${invitations.recipientId} = ${me})`,
        sql`not ${blockedEitherWay(invitations.senderId, invitations.recipientId)}`,
      ),
    );
  if (!row) throw notFound('Invitation');
  return invitationView(db, row.id);
}

/**
 * What I sent or received, newest first, all or of one status. "expired" is
 * a pending one past its expiry, and "pending" leaves those out: what a
 * person sees, with nothing run on a timer.
 */
export async function listInvitations(db: Database, actor: Actor, input: ListInvitationsInput): Promise<Page<InvitationView>> {
  const me = actor.userId;
  const after = input.cursor ? decodeCursor(input.cursor, timeIdCursor) : null;
  const mine = input.box === 'sent' ? eq(invitations.senderId, me) : eq(invitations.recipientId, me);
  const now = new Date().toISOString();
  const status: SQL | undefined =
    input.status === undefined
      ? undefined
      : input.status === 'expired'
        ? sql`(${invitations.status} = 'expired' or (${invitations.status} = 'pending' and ${invitations.expiresAt} <= ${now}))`
        : input.status === 'pending'
          ? sql`${invitations.status} = 'pending' and ${invitations.expiresAt} > ${now}`
          : eq(invitations.status, input.status);
  const rows = await db
    .select({ id: invitations.id, createdAt: invitations.createdAt })
    .from(invitations)
    .where(
      and(
        mine,
        status,
        sql`not ${blockedEitherWay(invitations.senderId, invitations.recipientId)}`,
        after ? pastPosition([invitations.createdAt, invitations.id], [after[0], after[1]], 'desc') : undefined,
      ),
    )
    .orderBy(desc(invitations.createdAt), desc(invitations.id))
    .limit(input.limit + 1);
  const page = toPage(rows, input.limit, (r) => [r.createdAt.toISOString(), r.id], (r) => r.id);
  return { items: await invitationViews(db, page.items), nextCursor: page.nextCursor };
}
