import { sql, type Database } from '@rapport/db';
import { z } from 'zod';
import type { Actor } from '../../../domain/sessions';
import { selectRows } from '../../../domain/sql-rows';
import { AppError, notFound } from '../../../errors';
import type { ReportInput, ReportResult } from '../../../schemas/chat/messages';
import { isMemberOf } from '../access';

const resultRow = z.object({ report_id: z.string().nullable(), own: z.boolean(), system: z.boolean(), deleted: z.boolean() });
const existingRow = z.object({ id: z.string() });

/**
 * Reports a message to the moderators, once per reporter: a repeat, or a
 * concurrent twin, returns the first report's id (the unique index on
 * (message, reporter) decides). The body is copied as it reads now, so a
 * later edit or delete cannot erase the evidence.
 */
export async function reportMessage(db: Database, actor: Actor, input: ReportInput): Promise<ReportResult> {
  const me = actor.userId;
  const details = input.details === undefined || input.details === '' ? null : input.details;
  const [result] = await selectRows(
    db,
    sql`with target as (
        select m.id, m.sender_id, m.kind, m.body, m.deleted_at from messages m
        where m.id = ${input.messageId} and ${isMemberOf(sql`m.conversation_id`, me)}
      ),
      existing as (
        select r.id from message_reports r join target t on t.id = r.message_id where r.reporter_id = ${me}
      ),
      inserted as (
        insert into message_reports (message_id, reporter_id, reason, details, body_snapshot)
        select t.id, ${me}::uuid, ${input.reason}::report_reason, ${details}, t.body from target t
        where not exists (select 1 from existing)
          and t.sender_id is distinct from ${me}::uuid and t.kind <> 'system' and t.deleted_at is null
        on conflict (message_id, reporter_id) do nothing
        returning id
      )
      select coalesce((select id from inserted), (select id from existing)) as report_id,
        coalesce(t.sender_id = ${me}::uuid, false) as own, t.kind = 'system' as system, t.deleted_at is not null as deleted
      from target t`,
    resultRow,
  );
  if (!result) throw notFound('Message');
  if (result.report_id !== null) return { reportId: result.report_id };
  if (result.own) throw new AppError('BAD_REQUEST', 'You cannot report your own message. Delete it instead.');
  if (result.system) throw new AppError('BAD_REQUEST', 'System messages cannot be reported.');
  if (result.deleted) throw new AppError('CONFLICT', 'This message has been deleted: there is nothing left to report.');
  // A concurrent identical report won the unique index: its id is the answer.
  const [first] = await selectRows(
    db,
    sql`select r.id from message_reports r where r.message_id = ${input.messageId} and r.reporter_id = ${me}`,
    existingRow,
  );
  if (!first) throw new AppError('CONFLICT', 'The report could not be saved just now. Send it again.');
  return { reportId: first.id };
}
