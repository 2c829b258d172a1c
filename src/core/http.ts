// HTTP for every request the step makes: undici, through the host's proxy, with a deadline per request.
// MSAL gets it as its network client (its own fetch ignores proxies). Each attempt has its own client that
// records how the last request went, so the retry loop can tell a bad minute from a permanent refusal.

import { Agent, type Dispatcher, EnvHttpProxyAgent, ProxyAgent } from './undici.js';
import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from '@azure/msal-node';
import type { OidcTokenRequest, ProxySetting } from './host.js';
import { UserError } from './errors.js';

/** How the last request of an attempt failed, as the retry loop needs to know it. */
export type Outcome =
  | { readonly kind: 'transient'; readonly reason: string; readonly retryAfterMs?: number }
  | { readonly kind: 'rejected'; readonly status: number; readonly body: ServiceErrorBody }
  | { readonly kind: 'fatal'; readonly reason: string };

/** The error body of Entra ID (and, with fewer fields, of IMDS). */
export interface ServiceErrorBody {
  readonly error?: string;
  readonly error_description?: string;
  readonly error_codes?: readonly number[];
  readonly correlation_id?: string;
}

interface Response {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly text: string;
}

/** Thrown by a request that did not produce a usable answer; `outcome` says why. */
export class RequestFailed extends Error {
  constructor(readonly outcome: Outcome) {
    super(outcome.kind === 'rejected' ? `HTTP ${outcome.status}` : outcome.reason);
  }
}

const TRANSIENT_STATUS = (status: number): boolean => status === 408 || status === 429 || status >= 500;
const TRANSIENT_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_CLOSED',
]);
const TLS_TRUST_CODES = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** Sends requests through the right dispatcher for each URL. One per step run, shared by its attempts. */
export class Transport {
  private readonly direct = new Agent();
  private readonly proxied?: Dispatcher;

  constructor(
    private readonly proxy: ProxySetting,
    private readonly now: () => number,
  ) {
    if (proxy.kind === 'environment') this.proxied = new EnvHttpProxyAgent();
    if (proxy.kind === 'explicit') {
      // Basic credentials go in a header, so no URL encoding of the user name or password is involved.
      const token =
        proxy.username || proxy.password
          ? `Basic ${Buffer.from(`${proxy.username ?? ''}:${proxy.password ?? ''}`).toString('base64')}`
          : undefined;
      this.proxied = new ProxyAgent({ uri: proxy.url, token });
    }
  }

  /** Which way a request goes, for the debug log. */
  route(url: string, bypassProxy = false): string {
    return this.dispatcherFor(url, bypassProxy) === this.direct ? 'direct' : 'via proxy';
  }

  private dispatcherFor(url: string, bypassProxy: boolean): Dispatcher {
    if (bypassProxy || !this.proxied) return this.direct;
    if (this.proxy.kind === 'explicit' && this.proxy.bypass.some((pattern) => pattern.test(url))) return this.direct;
    return this.proxied;
  }

  async send(
    method: 'GET' | 'POST',
    url: string,
    options: { headers?: Record<string, string>; body?: string; deadline: number; bypassProxy?: boolean },
  ): Promise<Response> {
    const budget = Math.ceil(options.deadline - this.now());
    if (budget <= 0) throw new RequestFailed({ kind: 'transient', reason: 'no time left for the request' });
    const signal = AbortSignal.timeout(budget);
    try {
      const { origin, pathname, search } = new URL(url);
      const answer = await this.dispatcherFor(url, options.bypassProxy ?? false).request({
        origin,
        path: `${pathname}${search}`,
        method,
        headers: options.headers,
        body: options.body,
        signal,
      });
      const text = await answer.body.text();
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(answer.headers)) {
        if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
      }
      return { status: answer.statusCode, headers, text };
    } catch (error) {
      if (signal.aborted) {
        throw new RequestFailed({
          kind: 'transient',
          reason: `no answer from ${new URL(url).host} within ${Math.round(budget / 100) / 10} s (timed out)`,
        });
      }
      throw new RequestFailed(classifyTransportError(error, url));
    }
  }
}

function classifyTransportError(error: unknown, url: string): Outcome {
  const cause = (error as { cause?: unknown })?.cause;
  const code = (error as NodeJS.ErrnoException)?.code ?? (cause as NodeJS.ErrnoException | undefined)?.code ?? '';
  const message = error instanceof Error ? error.message : String(error);
  const host = new URL(url).host;
  if (TLS_TRUST_CODES.has(code)) {
    return {
      kind: 'fatal',
      reason: `TLS: the certificate of ${host} is not trusted (${code}). Behind a TLS-inspecting proxy, set NODE_EXTRA_CA_CERTS to a file with the proxy's CA certificate.`,
    };
  }
  if (code === 'ENOTFOUND') {
    return {
      kind: 'fatal',
      reason: `The host ${host} cannot be resolved (ENOTFOUND). Check the authority host, or the proxy settings.`,
    };
  }
  if (/Proxy response \(407\)/.test(message)) {
    return {
      kind: 'fatal',
      reason: `The proxy refused the credentials (HTTP 407) for ${host}. Check the proxy user name and password.`,
    };
  }
  if (/Proxy response/.test(message)) {
    return { kind: 'transient', reason: `the proxy did not open a tunnel to ${host}: ${message}` };
  }
  if (TRANSIENT_CODES.has(code)) return { kind: 'transient', reason: `connection to ${host} failed (${code})` };
  return { kind: 'transient', reason: `request to ${host} failed: ${code || message}` };
}

/** `Retry-After` as seconds or an HTTP date, in milliseconds from now. */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

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

/**
 * The network for one attempt. Hands MSAL only answers it can use (a token, or a 4xx error body to raise);
 * everything else it records as the attempt's outcome and throws, so MSAL never sees a bad minute.
 */
export class AttemptNetwork implements INetworkModule {
  outcome: Outcome | undefined;
  requests = 0;

  constructor(
    private readonly transport: Transport,
    private readonly deadline: number,
    private readonly now: () => number,
    /** Managed identity talks to the VM's link-local metadata service, which no proxy can reach. */
    private readonly bypassProxy = false,
  ) {}

  sendGetRequestAsync<T>(url: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>> {
    return this.exchange<T>('GET', url, options);
  }

  sendPostRequestAsync<T>(url: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>> {
    return this.exchange<T>('POST', url, options);
  }

  private async exchange<T>(
    method: 'GET' | 'POST',
    url: string,
    options?: NetworkRequestOptions,
  ): Promise<NetworkResponse<T>> {
    const response = await this.send(method, url, options?.headers, options?.body);
    const body = parseJson(response.text);
    if (response.status >= 200 && response.status < 300) {
      if (!body || typeof body.access_token !== 'string') {
        this.fail({
          kind: 'transient',
          reason: `HTTP ${response.status} from ${new URL(url).host} with a body that is not a token response`,
        });
      }
    } else if (!body) {
      this.fail({
        kind: 'fatal',
        reason: `HTTP ${response.status} from ${new URL(url).host} with a body that is not JSON`,
      });
    } else {
      this.outcome = { kind: 'rejected', status: response.status, body: body as ServiceErrorBody };
    }
    return { status: response.status, headers: response.headers, body: body as T };
  }

  /** Fetches the job's OIDC token, right before it is presented. */
  async oidcToken(oidc: OidcTokenRequest): Promise<string> {
    const headers: Record<string, string> = { Authorization: `Bearer ${oidc.bearer}`, Accept: 'application/json' };
    if (oidc.method === 'POST') headers['Content-Type'] = 'application/json';
    const response = await this.send(oidc.method, oidc.url, headers, oidc.method === 'POST' ? '{}' : undefined);
    const host = new URL(oidc.url).host;
    if (response.status < 200 || response.status >= 300) {
      throw new UserError(
        `The OIDC token request to ${host} answered HTTP ${response.status}. The job may lack the right to an ID token, or the service connection may not allow this pipeline.`,
      );
    }
    const token = parseJson(response.text)?.[oidc.tokenField];
    if (typeof token !== 'string' || !token) {
      this.fail({ kind: 'transient', reason: `the OIDC token answer from ${host} has no '${oidc.tokenField}'` });
    }
    return token;
  }

  /** One request with the status-level checks every caller needs: 429/5xx are transient. */
  private async send(
    method: 'GET' | 'POST',
    url: string,
    headers?: Record<string, string>,
    body?: string,
  ): Promise<Response> {
    this.requests += 1;
    this.outcome = undefined;
    try {
      const response = await this.transport.send(method, url, {
        headers,
        body,
        deadline: this.deadline,
        bypassProxy: this.bypassProxy,
      });
      if (TRANSIENT_STATUS(response.status)) {
        this.fail({
          kind: 'transient',
          reason: `HTTP ${response.status} from ${new URL(url).host}`,
          retryAfterMs: parseRetryAfter(response.headers['retry-after'], this.now()),
        });
      }
      return response;
    } catch (error) {
      if (error instanceof RequestFailed) this.outcome = error.outcome;
      throw error;
    }
  }

  private fail(outcome: Outcome): never {
    this.outcome = outcome;
    throw new RequestFailed(outcome);
  }
}
