import type { RouterInputs, RouterOutputs } from '../../src/index';
import type { TestUser } from '../harness';
import type { Listener, StreamEvent } from '../realtime/listen';

export { block, DAY, fence, fromNow, HOUR, hostActivity, MINUTE, plus, signUp, untilPast, allPages } from '../activities/helpers';
export { unchecked, unknownId } from '../connections/helpers';

type Inputs = RouterInputs['invitations'];
type Outputs = RouterOutputs['invitations'];

export type SendInput = Inputs['send'];
export type ListInput = Inputs['list'];
export type InvitationView = Outputs['get'];
export type AcceptResult = Outputs['accept'];

export type Event = StreamEvent['data'];
export type InvitationEvent = Extract<Event, { type: 'invitation.created' | 'invitation.updated' }>;

/** `sender` invites `recipient` to the activity, with a note and an ice-breaker unless told otherwise. */
export function invite(sender: TestUser, recipient: TestUser, activityId: string, extra: Partial<Omit<SendInput, 'activityId' | 'recipientId'>> = {}) {
  return sender.api.invitations.send.mutate({
    activityId,
    recipientId: recipient.id,
    message: "Come along, it's an easy pace!",
    question: "What's your favourite trail?",
    ...extra,
  });
}

/** Every invitation in one box (and status), walking the pages. */
export async function everyInvitation(user: TestUser, input: Omit<ListInput, 'cursor' | 'limit'>, limit = 100): Promise<InvitationView[]> {
  const all: InvitationView[] = [];
  let cursor: string | undefined;
  for (let guard = 0; guard < 1000; guard++) {
    const page = await user.api.invitations.list.query({ ...input, limit, cursor });
    all.push(...page.items);
    if (page.nextCursor === null) return all;
    cursor = page.nextCursor;
  }
  throw new Error('pagination did not end');
}

const isInvitationEvent = (e: Event): e is InvitationEvent => e.type === 'invitation.created' || e.type === 'invitation.updated';

/** What `listener` heard about one invitation, in arrival order, without `at` (the time) so it compares exactly. */
export const invitationEventsOf = (listener: Listener, invitationId: string) =>
  listener.events
    .filter(isInvitationEvent)
    .filter((e) => e.invitationId === invitationId)
    .map(({ at: _at, ...rest }) => rest);

/** Waits until `listener` has heard `count` invitation events about the invitation. */
export const untilInvitationEvents = (listener: Listener, invitationId: string, count: number) =>
  listener.until((events) => events.filter(isInvitationEvent).filter((e) => e.invitationId === invitationId).length >= count);

export const created = (invitation: InvitationView) => ({
  type: 'invitation.created' as const,
  invitationId: invitation.id,
  activityId: invitation.activity.id,
  senderId: invitation.sender.id,
  recipientId: invitation.recipient.id,
});

export const updated = (invitation: InvitationView, status: InvitationView['status'], byUserId: string | null, reason: string | null = null) => ({
  type: 'invitation.updated' as const,
  invitationId: invitation.id,
  activityId: invitation.activity.id,
  status,
  byUserId,
  reason,
});

/** Polls `check` until it holds: for a state that the clock, not a call, brings about. */
export async function eventually(check: () => Promise<boolean>, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
