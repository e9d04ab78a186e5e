import type { IncomingMessage, ServerResponse } from 'node:http';
import { migrationsApplied, type DatabaseHandle } from '@rapport/db';
import type { TailerLag } from '../realtime/tailer';

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

export interface ProbeSources {
  database: DatabaseHandle;
  draining: () => boolean;
  /** How far this instance's event delivery trails the committed log. */
  eventLag: () => TailerLag;
}

/**
 * `/health`: the process answers, with how far its event delivery lags (a
 * long write transaction anywhere on the cluster holds it back). `/ready`: it
 * can serve, meaning the database answers and has every committed migration.
 * Returns false for other paths.
 */
export async function handleProbe(req: IncomingMessage, res: ServerResponse, sources: ProbeSources): Promise<boolean> {
  const { database: handle, draining } = sources;
  const path = (req.url ?? '').split('?')[0];
  if (path === '/health') {
    json(res, 200, { status: 'ok', eventLog: sources.eventLag() });
    return true;
  }
  if (path === '/ready') {
    if (draining()) {
      json(res, 503, { status: 'draining' });
      return true;
    }
    try {
      const migrated = await migrationsApplied(handle);
      json(res, migrated ? 200 : 503, { status: migrated ? 'ready' : 'migrations pending', database: handle.target.kind });
    } catch {
      json(res, 503, { status: 'database unreachable', database: handle.target.kind });
    }
    return true;
  }
  return false;
}
