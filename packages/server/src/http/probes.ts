import type { IncomingMessage, ServerResponse } from 'node:http';
import { migrationsApplied, type DatabaseHandle } from '@rapport/db';

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

/**
 * `/health`: the process answers. `/ready`: it can serve, meaning the database
 * answers and has every committed migration. Returns false for other paths.
 */
export async function handleProbe(req: IncomingMessage, res: ServerResponse, handle: DatabaseHandle, draining: () => boolean): Promise<boolean> {
  const path = (req.url ?? '').split('?')[0];
  if (path === '/health') {
    json(res, 200, { status: 'ok' });
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
