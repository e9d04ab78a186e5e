import { appRouter } from '@rapport/server';

/**
 * Two ways to make the same call, over plain HTTP as a non-SDK client would:
 * tRPC's wire (/trpc/<path>) and the REST route the procedure declares
 * (/api/...). Both answer with the procedure's data or its error, so a test
 * can run one script over each and compare.
 */

export type Outcome = { ok: true; status: number; data: unknown } | { ok: false; status: number; message: unknown; data: unknown };

export type Transport = (path: string, input: Record<string, unknown> | undefined, token: string | null) => Promise<Outcome>;

interface Route {
  type: 'query' | 'mutation';
  method: string;
  path: string;
}

const field = (value: unknown, key: string): unknown =>
  (typeof value === 'object' && value !== null) || typeof value === 'function' ? Reflect.get(value, key) : undefined;

// At run time tRPC keeps every procedure in one flat record keyed by dotted
// path, its meta and type under _def; the static type nests sub-routers, so
// each entry is read field by field.
export const routes = new Map<string, Route>();
for (const [path, procedure] of Object.entries(appRouter._def.procedures)) {
  const def = field(procedure, '_def');
  const type = field(def, 'type');
  const openapi = field(field(def, 'meta'), 'openapi');
  const method = field(openapi, 'method');
  const route = field(openapi, 'path');
  if (type === 'subscription') continue;
  if ((type !== 'query' && type !== 'mutation') || typeof method !== 'string' || typeof route !== 'string') {
    throw new Error(`${path} declares no REST route`);
  }
  routes.set(path, { type, method, path: route });
}

const routeOf = (path: string): Route => {
  const route = routes.get(path);
  if (route === undefined) throw new Error(`no route for ${path}`);
  return route;
};

/**
 * A value as a path segment. Text that is not valid UTF-16 (a lone surrogate)
 * cannot be percent-encoded as it is; a client sends it as U+FFFD, as a URL
 * would.
 */
function pathSegment(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return encodeURIComponent(Buffer.from(text).toString());
  }
}

const headersFor = (token: string | null): Record<string, string> => (token === null ? {} : { authorization: `Bearer ${token}` });

async function outcomeOf(response: Response, unwrap: (body: unknown) => Outcome): Promise<Outcome> {
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new Error(`${response.url}: ${response.status}, not JSON: ${text.slice(0, 200)}`);
  }
  return unwrap(body);
}

/** tRPC's own wire: queries as GET with ?input=, mutations as POST. */
export const trpcTransport =
  (baseUrl: string): Transport =>
  async (path, input, token) => {
    const { type } = routeOf(path);
    const json = input === undefined ? undefined : JSON.stringify(input);
    const url = `${baseUrl}/trpc/${path}`;
    const response =
      type === 'query'
        ? await fetch(json === undefined ? url : `${url}?input=${encodeURIComponent(json)}`, { headers: headersFor(token) })
        : await fetch(url, { method: 'POST', headers: { ...headersFor(token), 'content-type': 'application/json' }, body: json });
    return outcomeOf(response, (body) => {
      const error = field(body, 'error');
      if (error !== undefined) return { ok: false, status: response.status, message: field(error, 'message'), data: field(error, 'data') };
      return { ok: true, status: response.status, data: field(field(body, 'result'), 'data') };
    });
  };

/**
 * The REST route: path parameters in the path, the rest in the query string
 * (GET, DELETE; arrays as repeated keys) or as the JSON body.
 */
export const restTransport =
  (baseUrl: string): Transport =>
  async (path, input, token) => {
    const route = routeOf(path);
    const rest: Record<string, unknown> = { ...input };
    const resolved = route.path.replace(/\{(\w+)\}/g, (_, key: string) => {
      const value = rest[key];
      delete rest[key];
      return pathSegment(String(value));
    });
    const url = new URL(`${baseUrl}/api${resolved}`);
    const inQuery = route.method === 'GET' || route.method === 'DELETE';
    if (inQuery) {
      for (const [key, value] of Object.entries(rest)) {
        for (const item of Array.isArray(value) ? value : [value]) if (item !== undefined) url.searchParams.append(key, String(item));
      }
    }
    const hasBody = !inQuery && Object.keys(rest).length > 0;
    const response = await fetch(url, {
      method: route.method,
      headers: { ...headersFor(token), ...(hasBody ? { 'content-type': 'application/json' } : {}) },
      body: hasBody ? JSON.stringify(rest) : undefined,
    });
    return outcomeOf(response, (body) =>
      response.ok ? { ok: true, status: response.status, data: body } : { ok: false, status: response.status, message: field(body, 'message'), data: field(body, 'data') },
    );
  };
