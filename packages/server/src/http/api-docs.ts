import { readdirSync, readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { extname, join } from 'node:path';

const require = createRequire(import.meta.url);
// swagger-ui-dist's own entry point returns the folder its files are in.
const swaggerUi: { getAbsoluteFSPath(): string } = require('swagger-ui-dist');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.png': 'image/png',
  '.map': 'application/json',
};

/**
 * The human-readable API docs (Swagger UI), from the installed
 * swagger-ui-dist package: nothing is fetched from a CDN. Only the files that
 * package holds are served, so a path cannot reach anything else.
 */
export function createApiDocs(basePath: string, documentUrl: string): (req: IncomingMessage, res: ServerResponse, path: string) => boolean {
  const folder = swaggerUi.getAbsoluteFSPath();
  // index.js and absolute-path.js are the package's Node entry, not the page's.
  const files = new Set(readdirSync(folder).filter((name) => TYPES[extname(name)] !== undefined && name !== 'index.js' && name !== 'absolute-path.js'));
  const cache = new Map<string, Buffer>();
  const read = (name: string) => {
    let body = cache.get(name);
    if (body === undefined) cache.set(name, (body = readFileSync(join(folder, name))));
    return body;
  };
  // The package's initializer points at a demo API; this one points at ours.
  const initializer = `window.onload = () => { window.ui = SwaggerUIBundle({ url: ${JSON.stringify(documentUrl)}, dom_id: '#swagger-ui', deepLinking: true, persistAuthorization: true }); };\n`;
  return (req, res, path) => {
    if (path === basePath) {
      res.writeHead(301, { location: `${basePath}/` }).end();
      return true;
    }
    const name = path.slice(basePath.length + 1) || 'index.html';
    const body = name === 'swagger-initializer.js' ? initializer : files.has(name) ? read(name) : null;
    if (body === null || (req.method !== 'GET' && req.method !== 'HEAD')) return false;
    res.writeHead(200, { 'content-type': TYPES[extname(name)] ?? 'application/octet-stream', 'cache-control': 'public, max-age=3600' });
    res.end(req.method === 'HEAD' ? undefined : body);
    return true;
  };
}
