// Fault injection: what a bad minute of an identity endpoint looks like on the wire. Any fault applies to any
// endpoint; `Emulator.inject` queues them, and each request takes the next one queued for its endpoint.

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { LoggedRequest } from './http.js';

export type Fault =
  | { readonly kind: 'status'; readonly status: number; readonly retryAfter?: string }
  | { readonly kind: 'reset' }
  | { readonly kind: 'hang' }
  | { readonly kind: 'bad-json' }
  | { readonly kind: 'empty-200' }
  /** A 200 whose JSON-looking body runs to `bytes` bytes, for clients that must cap what they read. */
  | { readonly kind: 'huge-body'; readonly bytes: number }
  /** A JSON answer of the test's choosing, e.g. a token response without `access_token`. */
  | {
      readonly kind: 'answer';
      readonly status: number;
      readonly body: unknown;
      readonly headers?: Readonly<Record<string, string>>;
    };

const JSON_TYPE = 'application/json; charset=utf-8';

export async function applyFault(
  fault: Fault,
  req: IncomingMessage,
  res: ServerResponse,
  entry: LoggedRequest,
): Promise<void> {
  switch (fault.kind) {
    case 'status':
      entry.status = fault.status;
      res.writeHead(fault.status, {
        'Content-Type': 'text/html',
        ...(fault.retryAfter ? { 'Retry-After': fault.retryAfter } : {}),
      });
      res.end(`<html><body>${fault.status} Service Unavailable</body></html>`);
      return;
    case 'reset': {
      // A TLS socket cannot send a TCP RST itself; its underlying TCP socket can.
      const tcp = (req.socket as Socket & { _parent?: Socket })._parent;
      try {
        (tcp ?? req.socket).resetAndDestroy();
      } catch {
        req.socket.destroy();
      }
      return;
    }
    case 'hang':
      return; // Never answered; close() destroys the socket.
    case 'bad-json':
      entry.status = 200;
      res.writeHead(200, { 'Content-Type': JSON_TYPE });
      res.end('{"token_type":"Bearer","access_tok');
      return;
    case 'empty-200':
      entry.status = 200;
      res.writeHead(200, { 'Content-Type': JSON_TYPE });
      res.end('');
      return;
    case 'huge-body':
      entry.status = 200;
      return streamHugeBody(res, fault.bytes);
    case 'answer':
      entry.status = fault.status;
      res.writeHead(fault.status, { 'Content-Type': JSON_TYPE, ...fault.headers });
      res.end(JSON.stringify(fault.body));
      return;
  }
}

const CHUNK = Buffer.alloc(64 * 1024, 'A');

/**
 * A token response whose `access_token` makes the whole body exactly `bytes` long (valid JSON once complete),
 * written chunk by chunk as the client reads, so a body of gigabytes costs the emulator one chunk of memory.
 * Chunked, without Content-Length: a client cannot refuse it up front, only by counting what it reads.
 */
async function streamHugeBody(res: ServerResponse, bytes: number): Promise<void> {
  const head = Buffer.from('{"token_type":"Bearer","expires_in":3599,"access_token":"');
  const tail = Buffer.from('"}');
  res.writeHead(200, { 'Content-Type': JSON_TYPE });
  if (bytes <= head.length + tail.length) {
    res.end(Buffer.concat([head, tail]).subarray(0, Math.max(0, bytes)));
    return;
  }
  let gone = false;
  res.once('close', () => (gone = true));
  // Resolves once the client has room for more, or has hung up (then nothing more is written).
  const room = (): Promise<void> =>
    new Promise((resolve) => {
      const done = (): void => {
        res.off('drain', done);
        res.off('close', done);
        resolve();
      };
      res.on('drain', done);
      res.on('close', done);
    });
  let filler = bytes - head.length - tail.length;
  let chunk: Buffer = head;
  while (!gone) {
    if (!res.write(chunk) && !gone) await room();
    if (filler === 0) break;
    chunk = filler >= CHUNK.length ? CHUNK : CHUNK.subarray(0, filler);
    filler -= chunk.length;
  }
  if (!gone) res.end(tail);
}
