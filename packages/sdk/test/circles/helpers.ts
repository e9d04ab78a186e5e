import { randomUUID } from 'node:crypto';
import { sql } from '@rapport/db';
import { selectAll } from '@rapport/db/testing';
import type { RouterInputs, RouterOutputs } from '../../src/index';
import { allPages } from '../activities/helpers';
import type { TestServer, TestUser } from '../harness';

type Inputs = RouterInputs['community']['circles'];
type Outputs = RouterOutputs['community']['circles'];

export type CreateInput = Inputs['create'];
export type ListInput = Inputs['list'];
export type Circle = Outputs['create'];
export type CircleMember = Outputs['members']['items'][number];

/** A valid circle; `overrides` replace any field. A fresh client key each time unless one is given. */
export function circleInput(overrides: Partial<CreateInput> = {}): CreateInput {
  return {
    name: 'Mindful Mornings',
    category: 'Wellness',
    description: 'Start your day with intention and calm',
    color: '#39CCB7',
    clientKey: randomUUID(),
    ...overrides,
  };
}

export const createCircle = (user: TestUser, overrides: Partial<CreateInput> = {}): Promise<Circle> =>
  user.api.community.circles.create.mutate(circleInput(overrides));

/** A word no other test uses, so a search can be narrowed to one test's circles on a shared server. */
export const uniqueWord = (prefix = 'w') => `${prefix}${randomUUID().slice(0, 8)}`;

export const everyCircle = (user: TestUser, input: Omit<ListInput, 'cursor' | 'limit'>, limit = 100) =>
  allPages(limit, (cursor) => user.api.community.circles.list.query({ ...input, limit, cursor }));

export const everyMine = (user: TestUser, limit = 100, includeArchived = false) =>
  allPages(limit, (cursor) => user.api.community.circles.mine.query({ limit, cursor, includeArchived }));

export const everyMember = (viewer: TestUser, circleId: string, limit = 100, role?: CircleMember['role']) =>
  allPages(limit, (cursor) => viewer.api.community.circles.members.query({ circleId, limit, cursor, role }));

/** The circle's member rows as the database counts them, and the count the trigger keeps. */
export async function countsInDatabase(t: TestServer, circleId: string): Promise<{ rows: number; kept: number }> {
  const [row] = await selectAll<{ rows: number; kept: number }>(
    t.server.database.db,
    sql`select (select count(*)::int from circle_members where circle_id = ${circleId}) as rows,
      (select member_count from circles where id = ${circleId}) as kept`,
  );
  if (row === undefined) throw new Error(`no circle ${circleId}`);
  return row;
}
