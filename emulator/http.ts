// The HTTP plumbing every emulated endpoint shares: which endpoint a request was for, what the log keeps of it,
// and the answer an endpoint hands back for the server to write.

import type { IncomingMessage } from 'node:http';
import type { Fault } from './faults.js';

export type Endpoint = 'token' | 'adfs-token' | 'discovery' | 'github-oidc' | 'ado-oidc' | 'imds' | 'other';

export interface LoggedRequest {
  /** Milliseconds since the emulator started. */
  readonly at: number;
  readonly method: string;
  readonly path: string;
  /** The query string's parameters, e.g. IMDS's `resource` and `client_id`. Never holds a credential. */
  readonly query: Readonly<Record<string, string>>;
  readonly endpoint: Endpoint;
  status?: number;
  fault?: Fault['kind'];
  /** For token requests: how the client authenticated. */
  credential?: 'secret' | 'certificate' | 'federated';
  /** For certificate assertions: the signing algorithm and thumbprint header used. */
  assertion?: { alg: string; thumbprintHeader: 'x5t#S256' | 'x5t'; x5c: boolean };
}

/** A JSON answer: the server writes `body` as JSON with `status` and `headers`. */
export interface Answer {
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
