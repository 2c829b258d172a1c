// What MSAL sees of the network in one attempt: only answers it can use. A token answer is validated before
// MSAL (and so the step) can publish anything; every other answer becomes an AttemptFailed with its outcome.

import { readBoundedFile, statOrRefuse } from './bounded-file.js';
import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from '@azure/msal-node';
import { UserError } from './errors.js';
import type { FederatedTokenSource } from './host.js';
import { decodeJwtPayload } from './jwt.js';
import { AttemptFailed, type HttpTransport, type Response } from './transport.js';

/** Entra issues tokens for up to a day (28 hours with continuous access evaluation); a week is past any of them. */
const MAX_LIFETIME_SECONDS = 7 * 24 * 3600;
/** JWTs and opaque tokens alike are base64 or base64url text with dots. */
const TOKEN_CHARACTERS = /^[A-Za-z0-9\-._~+/=]+$/;
/** A federated token is a JWT of a few KB. */
const MAX_TOKEN_FILE_BYTES = 64 * 1024;

/** Throttling and server errors; IMDS also answers 410 while the VM's identity is being set up. */
const isTransientStatus = (status: number, imds = false): boolean =>
  status === 408 || status === 429 || status >= 500 || (imds && status === 410);

export class AttemptNetwork implements INetworkModule {
  constructor(
    private readonly transport: HttpTransport,
    private readonly source: 'entra' | 'managed-identity',
    private readonly now: () => number,
  ) {}

  sendGetRequestAsync<T>(url: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>> {
    return this.exchange<T>('GET', url, options);
  }

  sendPostRequestAsync<T>(url: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>> {
    return this.exchange<T>('POST', url, options);
  }

  private async exchange<T>(method: 'GET' | 'POST', url: string, options?: NetworkRequestOptions) {
    const response = await send(this.transport, method, url, {
      headers: options?.headers,
      body: options?.body,
      direct: this.source === 'managed-identity',
    });
    const body = parseJson(response.text);
    const host = new URL(url).host;
    if (response.status >= 200 && response.status < 300) {
      if (!body) throw transient(`HTTP ${response.status} from ${host} with a body that is not a token response`);
      const validated = validateTokenAnswer(body, host, this.now(), this.source === 'managed-identity');
      return { status: response.status, headers: response.headers, body: validated as T } as NetworkResponse<T>;
    }
    if (!body) {
      throw new AttemptFailed({
        kind: 'fatal',
        reason: `HTTP ${response.status} from ${host} with a body that is not JSON`,
      });
    }
    const presented = new URLSearchParams(options?.body ?? '').get('client_assertion') ?? undefined;
    throw new AttemptFailed({ kind: 'rejected', status: response.status, body, source: this.source, presented });
  }
}

/** One request; throttling and server errors are a bad minute, worth another attempt. */
async function send(
  transport: HttpTransport,
  method: 'GET' | 'POST',
  url: string,
  options: { headers?: Record<string, string>; body?: string; direct?: boolean },
): Promise<Response> {
  const response = await transport.send(method, url, options);
  if (isTransientStatus(response.status, options.direct)) {
    throw new AttemptFailed({
      kind: 'transient',
      reason: `HTTP ${response.status} from ${new URL(url).host}`,
      retryAfterMs: parseRetryAfter(response.headers['retry-after']),
    });
  }
  return response;
}

/**
 * A token answer must hold a token and a lifetime that makes sense, or nothing is published. Without
 * `expires_in`, a JWT's own `exp` says it; MSAL then gets the lifetime as a whole number of seconds.
 */
function validateTokenAnswer(
  body: Record<string, unknown>,
  host: string,
  now: number,
  imds: boolean,
): Record<string, unknown> {
  const token = body.access_token;
  if (typeof token !== 'string' || !token) throw transient(`the answer from ${host} holds no access token`);
  // A token goes into headers, outputs and stdout: it may hold no white space, control character or markup.
  if (!TOKEN_CHARACTERS.test(token)) {
    const reason = `The token answer from ${host} holds a token with characters no access token has. The token was not used.`;
    throw new AttemptFailed({ kind: 'fatal', reason });
  }
  // IMDS states the expiry as `expires_on` (epoch seconds), which is what MSAL reads for managed identity;
  // Entra states `expires_in`. Whichever the answer's reader uses is the one checked.
  const [field, stated] =
    imds && present(body.expires_on) ? ['expires_on', body.expires_on] : ['expires_in', body.expires_in];
  const exp = decodeJwtPayload(token)?.exp;
  const seconds = (value: unknown): number =>
    typeof value === 'number' || (typeof value === 'string' && /^\d+(\.\d+)?$/.test(value)) ? Number(value) : NaN;
  // `expires_on` is epoch seconds, or an ISO 8601 time as some managed identity sources (and MSAL) allow.
  const epoch = (value: unknown): number =>
    typeof value === 'string' && !/^\d+(\.\d+)?$/.test(value) ? Date.parse(value) / 1000 : seconds(value);
  const lifetime = present(stated)
    ? field === 'expires_on'
      ? epoch(stated) - now / 1000
      : seconds(stated)
    : typeof exp === 'number'
      ? exp - now / 1000
      : NaN;
  if (!Number.isFinite(lifetime) || lifetime < 1 || lifetime > MAX_LIFETIME_SECONDS) {
    const said = present(stated) ? `${field} ${JSON.stringify(stated).slice(0, 40)}` : `no ${field}, nor a JWT expiry`;
    throw new AttemptFailed({
      kind: 'fatal',
      reason: `The token answer from ${host} says ${said}: not a lifetime from 1 second to 7 days. The token was not used.`,
    });
  }
  // MSAL gets the checked lifetime in both forms, so its expiry is the one validated here.
  const whole = Math.floor(lifetime);
  return { ...body, expires_in: whole, ...(imds ? { expires_on: Math.floor(now / 1000) + whole } : {}) };
}

const present = (value: unknown): boolean => value !== undefined && value !== null && value !== '';

/** The job's federated token, fetched (or read) right before it is presented: such tokens live minutes. */
export async function federatedToken(transport: HttpTransport, source: FederatedTokenSource): Promise<string> {
  if (source.kind === 'file') return readTokenFile(source.path, source.source);
  const headers: Record<string, string> = { Authorization: `Bearer ${source.bearer}`, Accept: 'application/json' };
  if (source.method === 'POST') headers['Content-Type'] = 'application/json';
  const body = source.method === 'POST' ? '{}' : undefined;
  const response = await send(transport, source.method, source.url, { headers, body });
  const host = new URL(source.url).host;
  if (response.status < 200 || response.status >= 300) {
    throw new UserError(
      `The ${source.issuerLabel} token request to ${host} answered HTTP ${response.status}. The job may lack the right to an ID token, or the service connection may not allow this pipeline.`,
    );
  }
  const token = parseJson(response.text)?.[source.tokenField];
  if (typeof token !== 'string' || !token) {
    throw transient(`the ${source.issuerLabel} token answer from ${host} has no '${source.tokenField}'`);
  }
  return token;
}

function readTokenFile(path: string, setting: string): string {
  const what = `${setting} names '${path}'`;
  const stats = statOrRefuse(path, (code) => new UserError(`${what}, which cannot be read (${code}).`));
  if (!stats) throw new UserError(`${what}, which does not exist.`);
  const bytes = readBoundedFile(path, stats, MAX_TOKEN_FILE_BYTES, (problem) => {
    if (problem.kind === 'not-regular')
      return new UserError(`${what}, which is not a regular file (it is ${problem.what}).`);
    if (problem.kind === 'unreadable') return new UserError(`${what}, which cannot be read (${problem.code}).`);
    return new UserError(`${what}, which is larger than a federated token file can be (64 KiB).`);
  });
  const token = bytes.toString('utf8').trim();
  if (!token) throw new UserError(`${what}, which is empty.`);
  return token;
}

/** `Retry-After` as seconds or an HTTP date, in milliseconds from now. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

const transient = (reason: string): AttemptFailed => new AttemptFailed({ kind: 'transient', reason });

function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
