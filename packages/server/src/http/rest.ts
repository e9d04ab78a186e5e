import type { IncomingMessage, ServerResponse } from 'node:http';
import { createOpenApiNodeHttpHandler } from 'trpc-to-openapi';
import { createHttpContext } from '../context';
import type { Deps } from '../deps';
import { HTTP_MAX_BODY_BYTES } from '../limits';
import { appRouter } from '../routers/index';
import { createApiDocs } from './api-docs';
import { buildOpenApiDocument, REST_PATH } from './openapi-document';
import { retryAfterHeader } from './retry-after';

const DOCUMENT_PATH = `${REST_PATH}/openapi.json`;
const DOCS_PATH = `${REST_PATH}/docs`;

/**
 * Everything under /api: the REST routes trpc-to-openapi derives from the
 * procedures' meta (the same procedures, middlewares and error formatter as
 * /trpc, so validation, authorisation, rate limits and errors are the same),
 * the OpenAPI document, and the docs page. Returns false for other paths.
 */
export function createRestHandler(deps: Deps, version: string): (req: IncomingMessage, res: ServerResponse) => Promise<boolean> {
  const document = JSON.stringify(buildOpenApiDocument(version));
  const docs = createApiDocs(DOCS_PATH, DOCUMENT_PATH);
  const routes = createOpenApiNodeHttpHandler({
    router: appRouter,
    maxBodySize: HTTP_MAX_BODY_BYTES,
    createContext: ({ req }) => createHttpContext(deps, req),
    responseMeta: ({ errors }) => ({ headers: { 'cache-control': 'no-store', ...retryAfterHeader(errors).headers } }),
    onError: ({ error, path }) => {
      if (error.code === 'INTERNAL_SERVER_ERROR') deps.log.error('rest request failed', { path, error: error.cause ?? error });
    },
  });
  return async (req, res) => {
    const url = req.url ?? '';
    const path = url.split('?')[0] ?? '';
    if (path !== REST_PATH && !path.startsWith(`${REST_PATH}/`)) return false;
    if (path === DOCUMENT_PATH && (req.method === 'GET' || req.method === 'HEAD')) {
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-cache' }).end(req.method === 'HEAD' ? undefined : document);
      return true;
    }
    if ((path === DOCS_PATH || path.startsWith(`${DOCS_PATH}/`)) && docs(req, res, path)) return true;
    // The routes are declared without the prefix, as the document's server URL has it.
    req.url = url.slice(REST_PATH.length) || '/';
    let matched = true;
    await routes(req, res, () => {
      matched = false;
    });
    if (!matched) {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          message: `No route ${req.method ?? 'GET'} ${path}. The routes are listed in ${DOCUMENT_PATH} and at ${DOCS_PATH}.`,
          code: 'NOT_FOUND',
          data: { code: 'NOT_FOUND', httpStatus: 404, fieldErrors: null, retryAfterSeconds: null, reason: 'NO_SUCH_ROUTE' },
        }),
      );
    }
    return true;
  };
}
