import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { TRPCError, type TRPC_ERROR_CODE_KEY } from '@trpc/server';
import { HTTP_MAX_HEADER_BYTES } from '../limits';
import { refusalShape } from './refusal-shape';

interface Refusal {
  status: number;
  code: TRPC_ERROR_CODE_KEY;
  message: string;
}

function refusalFor(error: NodeJS.ErrnoException): Refusal {
  switch (error.code) {
    case 'HPE_HEADER_OVERFLOW':
      return {
        status: 431,
        code: 'PAYLOAD_TOO_LARGE',
        message: `The request's URL and headers are too large (over ${HTTP_MAX_HEADER_BYTES / 1024} KB together). Send large inputs in a POST body.`,
      };
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return { status: 413, code: 'PAYLOAD_TOO_LARGE', message: 'The request body has chunk extensions that are too large.' };
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return { status: 408, code: 'TIMEOUT', message: 'The request took too long to arrive. Send it again.' };
    default:
      return { status: 400, code: 'BAD_REQUEST', message: 'This is not a valid HTTP request.' };
  }
}

/**
 * Node answers a request it cannot parse (one whose URL and headers are over
 * its limit, or that is not HTTP) by itself, with a status and an empty body,
 * before our handler or tRPC sees it: a client that parses the body as JSON
 * then fails with no code. This writes the same status with an error in
 * tRPC's shape instead, so the SDK and raw clients read a code and a sentence.
 */
export function answerClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const { status, code, message } = refusalFor(error);
  const shape = refusalShape(new TRPCError({ code, message }));
  // tRPC's status for the code may differ (413 for PAYLOAD_TOO_LARGE): the
  // body says the status the client actually got.
  const body = JSON.stringify({ error: { ...shape, data: { ...shape.data, httpStatus: status } } });
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\n` +
      'content-type: application/json\r\n' +
      'cache-control: no-store\r\n' +
      `content-length: ${Buffer.byteLength(body)}\r\n` +
      'connection: close\r\n\r\n' +
      body,
  );
}
