import { Validator } from '@seriousme/openapi-schema-validator';
import { appRouter } from '@rapport/server';
import type { OpenAPI3, OperationObject, ReferenceObject, SchemaObject } from 'openapi-typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOpenApiDocument } from '../../../server/src/http/openapi-document';
import { startTestServer, type TestServer } from '../harness';
import { SERVER_VERSION } from './generate-client';

/**
 * GET /api/openapi.json against the OpenAPI 3.1 schema, then against the
 * router it is generated from: every query and mutation has its operation,
 * with a success schema, its security and the one error body; subscriptions
 * have none.
 */

interface Procedure {
  path: string;
  type: 'query' | 'mutation' | 'subscription';
  /** The REST route from `.meta(rest(...))`; null when the procedure declares none. */
  route: { method: string; path: string; protect: boolean } | null;
}

const field = (value: unknown, key: string): unknown =>
  (typeof value === 'object' && value !== null) || typeof value === 'function' ? Reflect.get(value, key) : undefined;

const isProcedureType = (value: unknown): value is Procedure['type'] => value === 'query' || value === 'mutation' || value === 'subscription';

/**
 * At run time tRPC keeps every procedure in one flat record keyed by dotted
 * path ("auth.sessions.list"), its type and meta under _def; the static type
 * nests sub-routers instead, so each entry is read field by field and checked.
 */
function proceduresOf(record: Record<string, unknown>): Procedure[] {
  return Object.entries(record).map(([path, procedure]) => {
    const def = field(procedure, '_def');
    const type = field(def, 'type');
    if (!isProcedureType(type)) throw new Error(`${path} is not a procedure (type ${String(type)})`);
    const openapi = field(field(def, 'meta'), 'openapi');
    const method = field(openapi, 'method');
    const route = field(openapi, 'path');
    const protect = field(openapi, 'protect');
    return {
      path,
      type,
      route: typeof method === 'string' && typeof route === 'string' ? { method: method.toLowerCase(), path: route, protect: protect !== false } : null,
    };
  });
}

const procedures = proceduresOf(appRouter._def.procedures);
const calls = procedures.filter((p) => p.type !== 'subscription');
const subscriptions = procedures.filter((p) => p.type === 'subscription');

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
const ERROR_REF = '#/components/schemas/Error';

const isReference = (value: object): value is ReferenceObject => '$ref' in value;
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

let t: TestServer;
let served: unknown;

beforeAll(async () => {
  t = await startTestServer();
  const response = await fetch(`${t.url}/api/openapi.json`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  served = await response.json();
});
afterAll(async () => {
  await t.close();
});

/**
 * The served document, read as OpenAPI 3.1. Whether it is one is the first
 * test's question; the others look at its parts on their own, so that one
 * broken part fails its own test rather than all of them.
 */
function servedDocument(): OpenAPI3 {
  if (!isRecord(served) || typeof served.openapi !== 'string') throw new Error(`not an OpenAPI document: ${JSON.stringify(served).slice(0, 200)}`);
  const document: unknown = served;
  return document as OpenAPI3;
}

/** Every operation of the document, with where it is. */
function operations(doc: OpenAPI3): { method: (typeof METHODS)[number]; path: string; operation: OperationObject }[] {
  const found: { method: (typeof METHODS)[number]; path: string; operation: OperationObject }[] = [];
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    if (isReference(item)) throw new Error(`${path} is a $ref; the generator writes path items in place`);
    for (const method of METHODS) {
      const operation = item[method];
      if (operation === undefined) continue;
      if (isReference(operation)) throw new Error(`${method} ${path} is a $ref`);
      found.push({ method, path, operation });
    }
  }
  return found;
}

describe('GET /api/openapi.json', () => {
  it('is a valid OpenAPI 3.1 document: no schema error and no dangling $ref', async () => {
    // allErrors: a failure lists every problem, not the first one found.
    const validator = new Validator({ allErrors: true });
    // A copy: the validator may annotate what it is given.
    const copy = structuredClone(served);
    if (!isRecord(copy)) throw new Error(`the document is not a JSON object: ${JSON.stringify(served)}`);
    const result = await validator.validate(copy);
    expect(result.errors, JSON.stringify(result.errors, null, 2)).toBeUndefined();
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('is the document buildOpenApiDocument builds, for the server package’s version', () => {
    expect(served).toEqual(JSON.parse(JSON.stringify(buildOpenApiDocument(SERVER_VERSION))));
    expect(servedDocument().info.version).toBe(SERVER_VERSION);
  });

  it('has an operation for every query and mutation, at the method and path its meta declares, and no other', () => {
    const doc = servedDocument();
    const undeclared = calls.filter((p) => p.route === null).map((p) => p.path);
    expect(undeclared, 'procedures without .meta(rest(...))').toEqual([]);
    const missing = calls.filter((p) => p.route !== null && operations(doc).every((o) => o.method !== p.route?.method || o.path !== p.route.path));
    expect(missing.map((p) => `${p.path}: ${p.route?.method.toUpperCase()} ${p.route?.path}`)).toEqual([]);
    expect(operations(doc)).toHaveLength(calls.length);
    expect(calls.length).toBeGreaterThan(50);
  });

  it('gives every operation a unique operationId and declares every path parameter of its template', () => {
    const all = operations(servedDocument());
    const ids = all.map((o) => o.operation.operationId);
    expect(new Set(ids).size).toBe(all.length);
    for (const { method, path, operation } of all) {
      const inTemplate = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      const declared = (operation.parameters ?? []).flatMap((p) => (isReference(p) || p.in !== 'path' ? [] : [p.name])).sort();
      expect(declared, `${method} ${path}`).toEqual(inTemplate);
    }
  });

  it('has a 200 response with a JSON schema on every operation', () => {
    for (const { method, path, operation } of operations(servedDocument())) {
      const success = operation.responses?.['200'];
      expect(success, `${method} ${path}`).toBeDefined();
      if (success === undefined || isReference(success)) throw new Error(`${method} ${path}: 200 is missing or a $ref`);
      expect(success.content?.['application/json']?.schema, `${method} ${path}`).toBeDefined();
    }
  });

  it('requires the bearer token on every operation but the public ones, which alone may omit it', () => {
    const doc = servedDocument();
    for (const procedure of calls) {
      const route = procedure.route;
      if (route === null) continue;
      const operation = operations(doc).find((o) => o.method === route.method && o.path === route.path)?.operation;
      if (route.protect) expect(operation?.security, procedure.path).toEqual([{ bearerAuth: [] }]);
      else expect(operation?.security, procedure.path).toBeUndefined();
    }
    // The public ones are exactly the three that hand out tokens.
    expect(calls.filter((p) => p.route?.protect === false).map((p) => p.path).sort()).toEqual(['auth.refresh', 'auth.signIn', 'auth.signUp']);
    expect(doc.security).toBeUndefined();
  });

  it('answers every error status with the one Error body, and 401 only where a token is required', () => {
    for (const { method, path, operation } of operations(servedDocument())) {
      const statuses = Object.keys(operation.responses ?? {}).filter((status) => status !== '200');
      expect(statuses.length, `${method} ${path}`).toBeGreaterThan(0);
      expect(statuses.includes('401'), `${method} ${path}: 401`).toBe(operation.security !== undefined);
      for (const status of statuses) {
        const response = operation.responses?.[status];
        if (response === undefined || isReference(response)) throw new Error(`${method} ${path} ${status}: missing or a $ref`);
        expect(response.content?.['application/json']?.schema, `${method} ${path} ${status}`).toEqual({ $ref: ERROR_REF });
      }
      const tooMany = operation.responses?.['429'];
      expect(tooMany !== undefined && !isReference(tooMany) ? tooMany.headers?.['Retry-After'] : undefined, `${method} ${path} 429`).toBeDefined();
    }
  });

  it('defines the Error schema with the fields every REST error has', () => {
    const error: SchemaObject | undefined = servedDocument().components?.schemas?.Error;
    expect(error).toMatchObject({ type: 'object', required: expect.arrayContaining(['message', 'code', 'data']) });
    const data = error !== undefined && 'properties' in error ? error.properties?.data : undefined;
    expect(data).toMatchObject({
      type: 'object',
      properties: { code: {}, httpStatus: {}, path: {}, fieldErrors: {}, retryAfterSeconds: {}, reason: {} },
      required: expect.arrayContaining(['code', 'httpStatus', 'fieldErrors', 'retryAfterSeconds', 'reason']),
    });
    // The generator's own error schemas are replaced by ours, not kept beside it.
    expect(Object.keys(servedDocument().components?.schemas ?? {}).filter((name) => name.startsWith('error.'))).toEqual([]);
  });

  it('defines the bearerAuth security scheme', () => {
    expect(servedDocument().components?.securitySchemes?.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
  });

  it('leaves subscriptions out: they are served over SSE and WebSocket, not REST', () => {
    expect(subscriptions.map((s) => s.path)).toContain('events.stream');
    for (const subscription of subscriptions) {
      expect(subscription.route, subscription.path).toBeNull();
      const operationId = subscription.path.replaceAll('.', '-');
      expect(operations(servedDocument()).filter((o) => o.operation.operationId === operationId)).toEqual([]);
    }
  });
});
