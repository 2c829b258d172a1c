// HTTP for every request one attempt makes: Node's own HTTP stack (as the Azure SDK uses it), through the host's
// proxy (a CONNECT tunnel, proxy-tunnel.ts) and TLS settings, all inside the attempt's deadline (connection, CONNECT
// and TLS handshake included), answers read up to a size no real answer reaches. A failure is thrown as an
// AttemptFailed that says whether another attempt is worth it.
//
// Not undici: its HTTP parser is WebAssembly, and on Node 20 a process waits at exit for V8's background
// optimising compile of it. Measured with the action bundle on this project's 2-core machine: 474 ms per token on
// undici against 356 ms with that compile switched off, everything else equal; Node's HTTP parser is native.

import { type IncomingMessage, request as httpRequest, Agent as HttpAgent } from 'node:http';
import { request as httpsRequest, Agent as HttpsAgent } from 'node:https';
import type { Duplex } from 'node:stream';
import { AuthError } from '@azure/msal-node';
import type { NetworkSettings } from './network-settings.js';
import { openTunnel, ProxyRefused, ProxyUnreachable } from './proxy-tunnel.js';

/** How an attempt failed, as the retry loop needs to know it. */
export type Outcome =
  | { readonly kind: 'transient'; readonly reason: string; readonly retryAfterMs?: number }
  | {
      readonly kind: 'rejected';
      readonly status: number;
      readonly body: Readonly<Record<string, unknown>>;
      readonly source: 'entra' | 'managed-identity';
      /** The federated token the refused request presented, for hints about its claims. */
      readonly presented?: string;
    }
  | { readonly kind: 'fatal'; readonly reason: string };

const ATTEMPT_FAILED = 'attempt_failed';

/**
 * An attempt's failure, carrying its outcome. It is an MSAL AuthError because MSAL passes those through its
 * network layer unchanged (anything else it replaces with a bare `network_error`). AuthError's constructor sets
 * the instance's prototype to its own, so an AttemptFailed is recognised by `AttemptFailed.is`, not `instanceof`.
 */
export class AttemptFailed extends AuthError {
  constructor(
    readonly outcome: Outcome,
    override readonly cause?: unknown,
  ) {
    super(ATTEMPT_FAILED, outcome.kind === 'rejected' ? `HTTP ${outcome.status}` : outcome.reason);
    this.name = 'AttemptFailed';
  }

  static is(error: unknown): error is AttemptFailed {
    return error instanceof AuthError && error.errorCode === ATTEMPT_FAILED && 'outcome' in error;
  }
}

export interface Response {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly text: string;
}

/** Token, OIDC and IMDS answers are a few KB; a larger one is not an answer. */
const MAX_RESPONSE_BYTES = 1024 * 1024;

const TRANSIENT_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'ECONNABORTED',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);
const TLS_TRUST_CODES = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** What an attempt needs of HTTP; tests give acquireToken a fake one. */
export interface HttpTransport {
  /** `direct`: the VM's link-local metadata service, which no proxy can reach. */
  send(
    method: 'GET' | 'POST',
    url: string,
    options?: { headers?: Record<string, string>; body?: string; direct?: boolean },
  ): Promise<Response>;
  /** Which way a request goes, for the debug log. */
  route(url: string, direct?: boolean): string;
  /** Requests sent so far. */
  readonly requests: number;
  close(): Promise<void>;
}

export type OpenTransport = (network: NetworkSettings, deadline: number, now: () => number) => HttpTransport;

/** One attempt's connections: made for the attempt, closed after it, so no socket outlives its deadline. */
export class Transport implements HttpTransport {
  private readonly direct: HttpsAgent;
  /** Plain HTTP: only the VM's metadata service (IMDS) is asked that way. */
  private readonly plain = new HttpAgent({ keepAlive: false });
  private sent = 0;

  constructor(
    private readonly network: NetworkSettings,
    private readonly deadline: number,
    private readonly now: () => number,
  ) {
    this.direct = new HttpsAgent({ keepAlive: false, ...this.tls() });
  }

  get requests(): number {
    return this.sent;
  }

  route(url: string, direct = false): string {
    return !direct && this.proxied(new URL(url)) ? `via proxy ${this.network.proxy!.url}` : 'direct';
  }

  /** The host's TLS settings for the authority: added CAs, a client certificate. */
  private tls() {
    const { ca, cert, key, pfx, passphrase } = this.network.tls;
    return { ca: ca && [...ca], cert, key, pfx, passphrase };
  }

  private proxied(url: URL): boolean {
    return url.protocol === 'https:' && !!this.network.proxy && !this.network.proxy.bypass(url.href);
  }

  async send(
    method: 'GET' | 'POST',
    url: string,
    options: { headers?: Record<string, string>; body?: string; direct?: boolean } = {},
  ): Promise<Response> {
    const target = new URL(url);
    const host = target.host;
    if (this.deadline - this.now() <= 0) {
      throw new AttemptFailed({ kind: 'transient', reason: `no time left for the request to ${host}` });
    }
    const budget = Math.max(1, Math.ceil(this.deadline - this.now()));
    // Aborting destroys the socket, whatever stage it is in: DNS, connect, CONNECT, TLS handshake or body.
    const signal = AbortSignal.timeout(budget);
    this.sent += 1;
    try {
      const answer = await new Promise<IncomingMessage>((resolve, reject) => {
        const https = target.protocol === 'https:';
        const headers = { ...options.headers };
        if (options.body !== undefined) headers['Content-Length'] = String(Buffer.byteLength(options.body));
        const viaProxy = !options.direct && this.proxied(target);
        const connection = viaProxy
          ? {
              // The tunnel is made under the same signal; Node takes the socket when it is ready.
              createConnection: (_: unknown, ready: (error: Error | null, socket: Duplex) => void) => {
                openTunnel(this.network.proxy!, target, this.tls(), signal).then(
                  (socket) => ready(null, socket),
                  (error: Error) => ready(error, undefined as unknown as Duplex),
                );
                return undefined;
              },
            }
          : { agent: https ? this.direct : this.plain };
        const request = (https ? httpsRequest : httpRequest)(
          target,
          { method, headers, signal, ...connection, ...(https ? this.tls() : {}) },
          resolve,
        );
        request.on('error', reject);
        // A request still waiting for its socket (a tunnel being made) emits nothing when aborted.
        signal.addEventListener('abort', () => reject(signal.reason), { once: true });
        request.end(options.body);
      });
      const text = await readBounded(answer, host);
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(answer.headers)) {
        if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
      }
      return { status: answer.statusCode ?? 0, headers, text };
    } catch (error) {
      if (AttemptFailed.is(error)) throw error;
      if (signal.aborted) {
        const reason = `no answer from ${host} within ${Math.round(budget / 100) / 10} s (timed out)`;
        throw new AttemptFailed({ kind: 'transient', reason }, error);
      }
      throw new AttemptFailed(classifyTransportError(error, host), error);
    }
  }

  /** Closes every pooled connection at once (a tunnel belongs to its request, which the signal ends). */
  async close(): Promise<void> {
    this.direct.destroy();
    this.plain.destroy();
  }
}

async function readBounded(body: IncomingMessage, host: string): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > MAX_RESPONSE_BYTES) {
      body.destroy();
      const reason = `${host} answered with more than ${MAX_RESPONSE_BYTES / 1024 / 1024} MiB; no token, OIDC or metadata answer is that large`;
      throw new AttemptFailed({ kind: 'fatal', reason });
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function classifyTransportError(error: unknown, host: string): Outcome {
  if (error instanceof ProxyRefused) {
    if (error.status === 407) {
      const reason = error.sentCredentials
        ? `The proxy ${error.proxy} refused the credentials (HTTP 407). Check the proxy user name and password.`
        : `The proxy ${error.proxy} asks for credentials (HTTP 407), and none are set. Give the proxy's user name and password.`;
      return { kind: 'fatal', reason };
    }
    const refused = `the proxy ${error.proxy} refused the tunnel to ${host} (HTTP ${error.status})`;
    if (error.status === 403) return { kind: 'fatal', reason: `The ${refused.slice(4)}: it does not allow this host.` };
    return { kind: 'transient', reason: refused };
  }
  if (error instanceof ProxyUnreachable) {
    const inner = classifyTransportError(error.cause, error.proxy) as Exclude<Outcome, { kind: 'rejected' }>;
    return { ...inner, reason: `${inner.reason} (the proxy, on the way to ${host})` };
  }
  const cause = (error as { cause?: unknown })?.cause;
  const code = (error as NodeJS.ErrnoException)?.code ?? (cause as NodeJS.ErrnoException | undefined)?.code ?? '';
  const message = error instanceof Error ? error.message : String(error);
  if (TLS_TRUST_CODES.has(code)) {
    return {
      kind: 'fatal',
      reason: `TLS: the certificate of ${host} is not trusted (${code}). Behind a TLS-inspecting proxy, trust its CA: NODE_EXTRA_CA_CERTS on GitHub runners and for the command, the agent's CA file (config --sslcacert) on Azure Pipelines.`,
    };
  }
  if (code === 'ENOTFOUND') {
    return {
      kind: 'fatal',
      reason: `The host ${host} cannot be resolved (ENOTFOUND). Check the authority host, or the proxy settings.`,
    };
  }
  if (TRANSIENT_CODES.has(code)) return { kind: 'transient', reason: `connection to ${host} failed (${code})` };
  return { kind: 'transient', reason: `request to ${host} failed: ${code || message}` };
}
