/** One Server-Sent Event as it came over the wire. */
export interface WireEvent {
  /** `message` when the server named none. */
  event: string;
  data: string;
  /** Undefined when the event had no `id:` line. */
  id: string | undefined;
}

/**
 * Parses a text/event-stream body the way the spec reads it: `field: value`
 * lines, an event per blank line. What tRPC writes is this simple subset.
 */
export function parseEvents(text: string): { events: WireEvent[]; rest: string } {
  const events: WireEvent[] = [];
  const blocks = text.split(/\r?\n\r?\n/);
  const rest = blocks.pop() ?? '';
  for (const block of blocks) {
    let event = 'message';
    const data: string[] = [];
    let id: string | undefined;
    let any = false;
    for (const line of block.split(/\r?\n/)) {
      if (line === '' || line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon === -1 ? line : line.slice(0, colon);
      const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
      any = true;
      if (field === 'event') event = value;
      else if (field === 'data') data.push(value);
      else if (field === 'id') id = value;
    }
    if (any) events.push({ event, data: data.join('\n'), id });
  }
  return { events, rest };
}

/** A stream read as it arrives: raw text and parsed events. */
export interface RawStream {
  response: Response;
  text(): string;
  events(): WireEvent[];
  /** Resolves once `predicate` holds for the events so far; rejects after `ms` or if the stream ends first. */
  until(predicate: (events: WireEvent[]) => boolean, ms?: number): Promise<WireEvent[]>;
  /** Resolves when the server ends the response. */
  ended: Promise<void>;
  close(): void;
}

/** GETs `url` and reads its body as SSE, as curl -N would. */
export async function openRawStream(url: string, headers: Record<string, string> = {}): Promise<RawStream> {
  const abort = new AbortController();
  const response = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: abort.signal });
  let text = '';
  let pending = '';
  const events: WireEvent[] = [];
  const wake = new Set<() => void>();
  let finished = false;
  const ended = (async () => {
    const reader = response.body?.getReader();
    const decoder = new TextDecoder();
    try {
      for (;;) {
        const chunk = await reader?.read();
        if (chunk === undefined || chunk.done) break;
        const piece = decoder.decode(chunk.value, { stream: true });
        text += piece;
        const parsed = parseEvents(pending + piece);
        pending = parsed.rest;
        events.push(...parsed.events);
        for (const w of wake) w();
      }
    } catch {
      // Closed by the test.
    } finally {
      finished = true;
      for (const w of wake) w();
    }
  })();
  return {
    response,
    text: () => text,
    events: () => events,
    ended,
    close: () => abort.abort(),
    until(predicate, ms = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (predicate(events)) {
            done();
            resolve(events);
          } else if (finished) {
            done();
            reject(new Error(`the stream ended first; it said:\n${text}`));
          }
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`timed out after ${ms} ms; the stream said:\n${text}`));
        }, ms);
        const done = () => {
          clearTimeout(timer);
          wake.delete(check);
        };
        wake.add(check);
        check();
      });
    },
  };
}

/** The JSON in a data line, or null. */
export function dataOf(event: WireEvent): unknown {
  try {
    return JSON.parse(event.data);
  } catch {
    return null;
  }
}

export function eventType(event: WireEvent): string | null {
  const data = dataOf(event);
  const type: unknown = typeof data === 'object' && data !== null ? Reflect.get(data, 'type') : undefined;
  return typeof type === 'string' ? type : null;
}
