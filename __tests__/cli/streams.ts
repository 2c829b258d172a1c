// Streams for run() in a test: stdin from a string, stdout and stderr collected as text.

import { Readable } from 'node:stream';
import type { Streams } from '../../src/cli/terminal.js';

export interface Captured extends Streams {
  readonly out: () => string;
  readonly err: () => string;
}

export function captureStreams(stdin = ''): Captured {
  let out = '';
  let err = '';
  const text = (chunk: string | Uint8Array): string =>
    typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString();
  return {
    stdin: Readable.from(stdin ? [Buffer.from(stdin)] : []),
    stdout: { write: (chunk) => (out += text(chunk)) },
    stderr: { write: (chunk) => (err += text(chunk)) },
    out: () => out,
    err: () => err,
  };
}

/** A JWT with these claims and a dummy signature: enough for inspect, which never verifies. */
export function fakeJwt(claims: Record<string, unknown>): string {
  const part = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'RS256', typ: 'JWT' })}.${part(claims)}.c2lnbmF0dXJl`;
}
