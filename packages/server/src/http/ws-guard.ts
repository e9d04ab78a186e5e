import type { IncomingMessage } from 'node:http';
import { TRPCError } from '@trpc/server';
import { jsonEncoder, type Encoder } from '@trpc/server/adapters/ws';
import type { RawData, WebSocket } from 'ws';
import { AppError } from '../errors';
import {
  CALLS_PER_BATCH,
  WS_AUTHENTICATE_WITHIN_MS,
  WS_CALLS_IN_FLIGHT,
  WS_CALLS_QUEUED,
  WS_MAX_BUFFERED_BYTES,
  WS_QUEUED_BYTES,
  WS_UNAUTHENTICATED_PER_ADDRESS,
} from '../limits';
import { refusalShape } from './refusal-shape';

/** Close codes a client can act on: both mean "reconnect later", which the SDK does. */
const POLICY_VIOLATION = 1008;
const TRY_AGAIN_LATER = 1013;

type RequestId = number | string;
type CallMethod = 'query' | 'mutation' | 'subscription';

interface Call {
  id: RequestId;
  method: CallMethod;
  jsonrpc: '2.0' | undefined;
  path: string;
  message: unknown;
}

interface Queued {
  id: RequestId;
  method: CallMethod;
  text: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isRequestId(value: unknown): value is RequestId {
  return typeof value === 'string' || (typeof value === 'number' && !Number.isNaN(value));
}

/**
 * The checks tRPC's parseTRPCMessage makes, so that every call the gate lets
 * through is one tRPC runs and answers (a frame it cannot parse runs nothing
 * and answers no id, which would hold the call's place forever).
 */
function asCall(message: unknown): Call | null {
  if (!isRecord(message) || !isRequestId(message.id)) return null;
  const { method, params, jsonrpc } = message;
  if (jsonrpc !== undefined && jsonrpc !== '2.0') return null;
  if (method !== 'query' && method !== 'mutation' && method !== 'subscription') return null;
  if (!isRecord(params) || typeof params.path !== 'string') return null;
  if (params.lastEventId !== undefined && typeof params.lastEventId !== 'string') return null;
  return { id: message.id, method, jsonrpc, path: params.path, message };
}

function isStop(message: unknown): message is Stop {
  return isRecord(message) && message.method === 'subscription.stop' && isRequestId(message.id) && (message.jsonrpc === undefined || message.jsonrpc === '2.0');
}

type Stop = { id: RequestId; method: 'subscription.stop' };

/** The frame's calls and stops, or null when any part of it is not one. */
function parseFrame(text: string): (Call | Stop)[] | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  const messages: (Call | Stop)[] = [];
  for (const message of Array.isArray(parsed) ? parsed : [parsed]) {
    const call = asCall(message);
    if (call !== null) messages.push(call);
    else if (isStop(message)) messages.push(message);
    else return null;
  }
  return messages;
}

type Forward = (frame: RawData, isBinary: boolean) => void;

/**
 * Stands between one socket and tRPC's handler for it, which runs every call
 * a frame holds at once, however many, and buffers every reply however slowly
 * the client reads. Frames pass through here first: at most WS_CALLS_IN_FLIGHT
 * calls run, the next ones wait their turn (up to WS_CALLS_QUEUED), past that
 * each is refused with TOO_MANY_REQUESTS and a socket that keeps on is closed.
 * Every reply passes through `encoder`, which is how a call is known to be
 * done and how a client too far behind in reading is noticed.
 */
class SocketGate {
  private readonly running = new Map<RequestId, CallMethod>();
  /** Subscriptions that have started: their ids stay taken until they stop. */
  private readonly streams = new Set<RequestId>();
  private readonly queue: Queued[] = [];
  private queuedBytes = 0;
  private refusals = 0;
  private awaitingConnectionParams: boolean;
  private forward: Forward = () => undefined;
  private closeWhenIdle = false;
  private signedIn = false;
  private readonly deadline: NodeJS.Timeout;

  readonly encoder: Encoder = {
    decode: (data) => jsonEncoder.decode(data),
    encode: (reply) => {
      this.observe(reply);
      return jsonEncoder.encode(reply);
    },
  };

  /** `release` gives back the socket's place among its address's unauthenticated ones. */
  constructor(
    private readonly socket: WebSocket,
    req: IncomingMessage,
    private readonly release: () => void,
  ) {
    this.awaitingConnectionParams = new URL(req.url ?? '/', 'http://localhost').searchParams.get('connectionParams') === '1';
    this.deadline = setTimeout(() => {
      this.closeWhenIdle = true;
      this.closeIfIdle();
    }, WS_AUTHENTICATE_WITHIN_MS);
    this.deadline.unref();
    socket.once('close', () => {
      clearTimeout(this.deadline);
      this.queue.length = 0;
      if (!this.signedIn) release();
    });
  }

  markSignedIn(): void {
    if (this.signedIn) return;
    this.signedIn = true;
    clearTimeout(this.deadline);
    this.release();
  }

  /** Takes the message listeners tRPC added and puts the gate in front of them. */
  interpose(): void {
    const listeners = this.socket.listeners('message');
    this.socket.removeAllListeners('message');
    this.forward = (frame, isBinary) => {
      for (const listener of listeners) Reflect.apply(listener, this.socket, [frame, isBinary]);
    };
    this.socket.on('message', (frame, isBinary) => this.receive(frame, isBinary));
  }

  get idle(): boolean {
    return this.running.size === 0 && this.queue.length === 0 && this.streams.size === 0;
  }

  /** Past its deadline, an unauthenticated socket closes once nothing of it is in flight. */
  private closeIfIdle(): void {
    if (this.closeWhenIdle && !this.signedIn && this.idle) {
      this.socket.close(POLICY_VIOLATION, `Sign in within ${WS_AUTHENTICATE_WITHIN_MS / 1000} s of opening the socket.`);
    }
  }

  private receive(frame: RawData, isBinary: boolean): void {
    // The first frame of a socket opened for connectionParams is those, and
    // tRPC parses it; binary frames and keepalive text are tRPC's to answer.
    if (this.awaitingConnectionParams || isBinary || !Buffer.isBuffer(frame)) {
      this.awaitingConnectionParams = false;
      this.forward(frame, isBinary);
      return;
    }
    const text = frame.toString('utf8');
    if (text === 'PING' || text === 'PONG') {
      this.forward(frame, isBinary);
      return;
    }
    const messages = parseFrame(text);
    if (messages === null) {
      this.send({ id: null, error: refusalShape(new TRPCError({ code: 'PARSE_ERROR', message: 'A frame must be a tRPC call in JSON, or an array of them.' })) });
      return;
    }
    if (messages.length > CALLS_PER_BATCH) {
      this.refuseBatch(messages);
      return;
    }
    const now: unknown[] = [];
    for (const message of messages) {
      if ('method' in message && message.method === 'subscription.stop') {
        this.unqueue(message.id);
        now.push(message);
      } else if (this.admit(message)) {
        now.push(message.message);
      }
      if (this.socket.readyState !== this.socket.OPEN) return;
    }
    if (now.length === messages.length) this.forward(frame, isBinary);
    else if (now.length > 0) this.forward(Buffer.from(JSON.stringify(now.length === 1 ? now[0] : now)), false);
  }

  /** True when the call may run now; otherwise it is queued or refused here. */
  private admit(call: Call): boolean {
    if (this.running.has(call.id) || this.streams.has(call.id) || this.queue.some((q) => q.id === call.id)) {
      this.refuse(call, new AppError('BAD_REQUEST', `Duplicate id ${String(call.id)}: a call with it has not finished yet.`));
      return false;
    }
    if (this.running.size < WS_CALLS_IN_FLIGHT && this.queue.length === 0) {
      this.running.set(call.id, call.method);
      return true;
    }
    const text = JSON.stringify(call.message);
    if (this.queue.length < WS_CALLS_QUEUED && this.queuedBytes + text.length <= WS_QUEUED_BYTES) {
      this.queue.push({ id: call.id, method: call.method, text });
      this.queuedBytes += text.length;
      return false;
    }
    this.refuse(
      call,
      new AppError('TOO_MANY_REQUESTS', `Too many calls at once on this connection: at most ${WS_CALLS_IN_FLIGHT} run and ${WS_CALLS_QUEUED} wait. Wait for answers before sending more.`, {
        retryAfterSeconds: 1,
      }),
    );
    if (++this.refusals > WS_CALLS_QUEUED) this.socket.close(POLICY_VIOLATION, 'Too many calls at once; reconnect and send fewer.');
    return false;
  }

  private unqueue(id: RequestId): void {
    const at = this.queue.findIndex((q) => q.id === id);
    const [removed] = at === -1 ? [] : this.queue.splice(at, 1);
    if (removed) this.queuedBytes -= removed.text.length;
  }

  /** Every call in the frame gets the error, as in a batch over HTTP, and none runs. */
  private refuseBatch(messages: (Call | Stop)[]): void {
    const error = new AppError('BAD_REQUEST', `A frame can hold at most ${CALLS_PER_BATCH} calls. Send the rest in another frame.`);
    for (const message of messages) if ('message' in message) this.refuse(message, error);
  }

  private refuse(call: Call, error: AppError): void {
    const shape = refusalShape(new TRPCError({ code: error.code, message: error.message, cause: error }), call.method, call.path);
    this.send({ id: call.id, jsonrpc: call.jsonrpc, error: shape });
  }

  /** Replies of the gate's own skip `observe`: they answer no call that ran. */
  private send(reply: unknown): void {
    if (this.socket.readyState === this.socket.OPEN) this.socket.send(jsonEncoder.encode(reply));
  }

  private observe(reply: unknown): void {
    if (this.socket.bufferedAmount > WS_MAX_BUFFERED_BYTES && this.socket.readyState === this.socket.OPEN) {
      this.socket.close(TRY_AGAIN_LATER, 'Reading too slowly; reconnect and resume from your last event id.');
    }
    if (!isRecord(reply) || !isRequestId(reply.id)) return;
    const { id } = reply;
    const ends = 'error' in reply || (isRecord(reply.result) && reply.result.type === 'stopped');
    const method = this.running.get(id);
    if (method !== undefined) {
      this.running.delete(id);
      if (method === 'subscription' && !ends) this.streams.add(id);
      this.runQueued();
    } else if (ends) {
      this.streams.delete(id);
    }
    this.closeIfIdle();
  }

  private runQueued(): void {
    while (this.running.size < WS_CALLS_IN_FLIGHT && this.socket.readyState === this.socket.OPEN) {
      const next = this.queue.shift();
      if (next === undefined) {
        this.refusals = 0;
        return;
      }
      this.queuedBytes -= next.text.length;
      this.running.set(next.id, next.method);
      this.forward(Buffer.from(next.text), false);
    }
  }
}

/**
 * Per-server bookkeeping for the sockets' gates, and the cap on sockets from
 * one address that have not signed in.
 */
export class WsGuard {
  private readonly gates = new WeakMap<WebSocket, SocketGate>();
  private readonly unauthenticated = new Map<string, number>();

  /**
   * Admits a new socket and serves it with `attach`, which gets the encoder
   * tRPC must use for it; or closes it when its address is over the cap.
   */
  serve(socket: WebSocket, req: IncomingMessage, attach: (encoder: Encoder) => void): void {
    const address = req.socket.remoteAddress ?? 'unknown';
    const count = this.unauthenticated.get(address) ?? 0;
    if (count >= WS_UNAUTHENTICATED_PER_ADDRESS) {
      socket.close(TRY_AGAIN_LATER, 'Too many connections from this address that have not signed in.');
      return;
    }
    this.unauthenticated.set(address, count + 1);
    const gate = new SocketGate(socket, req, () => {
      const left = (this.unauthenticated.get(address) ?? 1) - 1;
      if (left > 0) this.unauthenticated.set(address, left);
      else this.unauthenticated.delete(address);
    });
    this.gates.set(socket, gate);
    attach(gate.encoder);
    gate.interpose();
  }

  /** The socket's context holds a valid session: it counts against its user's cap from now on. */
  signedIn(socket: WebSocket): void {
    this.gates.get(socket)?.markSignedIn();
  }
}
