import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { RapportError, RouterInputs, RouterOutputs } from '../../../src/index';
import type { TestServer, TestUser } from '../../harness';
import { linkChild, makeParent, makeStudent, makeTutor } from '../setup';

export type CreateInput = RouterInputs['sessionRequests']['create'];
export type RequestView = RouterOutputs['sessionRequests']['create'];
export type PackageInput = RouterInputs['sessionRequests']['packages']['create'];
export type PackageView = RouterOutputs['sessionRequests']['packages']['create'];
export type Message = RouterOutputs['chat']['message'];
export type ScheduleType = PackageView['scheduleType'];
export type SessionRequestMessage = Extract<Message, { kind: 'session_request' }>;
export type Card = SessionRequestMessage['metadata'];
/** Every other kind, system messages among them: metadata is a loose record. */
export type OtherMessage = Exclude<Message, { kind: 'session_request' | 'invitation' }>;

export const DEFAULT_PACKAGE = {
  name: 'Algebra, eight weeks',
  description: 'Equations, functions and graphs.',
  sessionCount: 8,
  minutesPerSession: 60,
  price: 150,
  currency: 'EUR',
  scheduleType: 'recurring',
} satisfies PackageInput;

/** A package of `tutor`'s: the defaults above with `overrides` applied. */
export function addPackage(tutor: TestUser, overrides: Partial<PackageInput> = {}): Promise<PackageView> {
  return tutor.api.sessionRequests.packages.create.mutate({ ...DEFAULT_PACKAGE, ...overrides });
}

/** A new tutor with one package (recurring unless told otherwise). */
export async function tutorWithPackage(t: TestServer, overrides: Partial<PackageInput> = {}, name = 'Tina Tutor') {
  const tutor = await makeTutor(t, name);
  const pkg = await addPackage(tutor, overrides);
  return { tutor, pkg };
}

/** A UTC calendar date `days` from today ("YYYY-MM-DD"); negative for the past. */
export function dateFromToday(days: number): string {
  const now = new Date();
  const date = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + days));
  return date.toISOString().slice(0, 10);
}

/**
 * A valid request (as a student, for themself) for `pkg`: a recurring one on
 * Mondays and Wednesdays or a one-time one a week from now, 14:00–16:00 either
 * way, which fits any session of up to two hours.
 */
export function requestFor(tutor: TestUser, pkg: PackageView, overrides: Partial<CreateInput> = {}): CreateInput {
  const schedule =
    pkg.scheduleType === 'recurring'
      ? { scheduleType: 'recurring' as const, days: ['monday' as const, 'wednesday' as const] }
      : { scheduleType: 'one_time' as const, startDate: dateFromToday(7) };
  return {
    requesterRole: 'student',
    tutorId: tutor.id,
    packageId: pkg.id,
    startTime: '14:00',
    endTime: '16:00',
    ...schedule,
    ...overrides,
  };
}

/** The same as requestFor, made by a parent for `child`. */
export function parentRequestFor(tutor: TestUser, pkg: PackageView, child: TestUser, overrides: Partial<CreateInput> = {}): CreateInput {
  return requestFor(tutor, pkg, { requesterRole: 'parent', studentId: child.id, ...overrides });
}

/** A parent and a child (a student) whose link both have confirmed. */
export async function family(t: TestServer, parentName = 'Paula Parent', childName = 'Carl Child') {
  const [parent, child] = await Promise.all([makeParent(t, parentName), makeStudent(t, childName)]);
  await linkChild(parent, child);
  return { parent, child };
}

/** A student, a tutor with a package, and the student's pending request for it. */
export async function pendingRequest(t: TestServer, packageOverrides: Partial<PackageInput> = {}) {
  const [{ tutor, pkg }, student] = await Promise.all([tutorWithPackage(t, packageOverrides), makeStudent(t, 'Sam Student')]);
  const request = await student.api.sessionRequests.create.mutate(requestFor(tutor, pkg));
  return { tutor, pkg, student, request };
}

export const newClientKey = () => randomUUID();

export const block = (blocker: TestUser, blocked: TestUser) =>
  blocker.api.connections.create.mutate({ targetUserId: blocked.id, type: 'block' });

/** Every message of a conversation, oldest first, as `user` reads them. */
export async function allMessages(user: TestUser, conversationId: string): Promise<Message[]> {
  const messages: Message[] = [];
  let cursor: string | undefined;
  for (let guard = 0; guard < 100; guard++) {
    const page = await user.api.chat.history.query({ conversationId, after: cursor === undefined ? 0 : undefined, cursor, limit: 100 });
    messages.push(...page.items);
    if (page.nextCursor === null) return messages;
    cursor = page.nextCursor;
  }
  throw new Error('history did not end');
}

/** The session_request messages (request cards) of a conversation, narrowed so their metadata is the typed card. */
export async function cardMessages(user: TestUser, conversationId: string): Promise<SessionRequestMessage[]> {
  return (await allMessages(user, conversationId)).flatMap((m) => (m.kind === 'session_request' ? [m] : []));
}

/** The system messages a transition of `requestId` left in the conversation. */
export async function transitionMessages(user: TestUser, conversationId: string, requestId: string): Promise<OtherMessage[]> {
  return (await allMessages(user, conversationId)).flatMap((m) => (m.kind === 'system' && m.metadata?.['requestId'] === requestId ? [m] : []));
}

/** Every request in one of `user`'s boxes, newest first, across all pages. */
export async function wholeBox(
  user: TestUser,
  box: 'sent' | 'received' | 'attending' | 'children',
  status?: RequestView['status'],
): Promise<RequestView[]> {
  const all: RequestView[] = [];
  let cursor: string | undefined;
  for (let guard = 0; guard < 100; guard++) {
    const page = await user.api.sessionRequests.list.query({ box, status, cursor, limit: 100 });
    all.push(...page.items);
    if (page.nextCursor === null) return all;
    cursor = page.nextCursor;
  }
  throw new Error('list did not end');
}

/** The day a request was sent, as the duplicate-request sentence spells it ("November 21, 2026"), in UTC. */
export const sentOn = (createdAt: string) =>
  new Date(createdAt).toLocaleDateString('en-US', { month: 'long', day: 'numeric', year: 'numeric', timeZone: 'UTC' });

/** An AppError (not a validation error): no fieldErrors in its data. */
export function expectNoFieldErrors(error: RapportError) {
  expect(error.data?.fieldErrors ?? null).toBeNull();
}
