// An HTTPS connection through a CONNECT proxy, under the request's own abort signal: CONNECT, then TLS to the
// authority inside the tunnel. https-proxy-agent does the same, but while it waits for the proxy's answer its
// socket is out of reach: measured against a proxy that accepts the connection and never answers, a step with a
// 2 s timeout was still waiting when killed at 60 s. Here the CONNECT is an ordinary request with the signal, so an
// abort destroys it at any stage, and a refusal is reported as the proxy's, not the authority's.

import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { connect as tlsConnect, type ConnectionOptions, type TLSSocket } from 'node:tls';
import type { ProxySettings } from './network-settings.js';

/** The proxy answered CONNECT with something other than 200. */
export class ProxyRefused extends Error {
  constructor(
    readonly status: number,
    readonly proxy: string,
    /** Whether credentials were sent: a 407 then means they were wrong, else that some are needed. */
    readonly sentCredentials: boolean,
  ) {
    super(`HTTP ${status} from the proxy ${proxy}`);
  }
}

/** The proxy itself could not be reached (or spoke no HTTP). */
export class ProxyUnreachable extends Error {
  constructor(
    readonly proxy: string,
    override readonly cause: unknown,
  ) {
    super(`the proxy ${proxy} could not be reached`);
  }
}

/** A TLS socket to `target`, through the proxy; `tls` holds the authority's trust and client certificate. */
export function openTunnel(
  proxy: ProxySettings,
  target: URL,
  tls: ConnectionOptions,
  signal: AbortSignal,
): Promise<TLSSocket> {
  const proxyUrl = new URL(proxy.url);
  // URL keeps an IPv6 address in brackets; sockets and certificate checks want it bare.
  const bare = (hostname: string): string => hostname.replace(/^\[(.*)\]$/, '$1');
  const name = bare(target.hostname);
  const authority = `${target.hostname}:${target.port || 443}`;
  const headers: Record<string, string> = { Host: authority };
  if (proxy.authorization) headers['Proxy-Authorization'] = proxy.authorization;
  const connect = proxyUrl.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const request = connect({
      host: bare(proxyUrl.hostname),
      port: proxyUrl.port || (proxyUrl.protocol === 'https:' ? 443 : 80),
      method: 'CONNECT',
      path: authority,
      headers,
      signal,
      agent: false,
      // An https:// proxy is trusted like the authority: the host's CA, if it names one.
      ...(proxyUrl.protocol === 'https:' && tls.ca ? { ca: tls.ca } : {}),
    });
    request.once('connect', (answer, socket) => {
      const status = answer.statusCode ?? 0;
      if (status < 200 || status >= 300) {
        socket.destroy();
        reject(new ProxyRefused(status, proxyUrl.host, !!proxy.authorization));
        return;
      }
      // The certificate is checked against `host`; SNI carries a name only, never an IP address.
      const sni = isIP(name) ? {} : { servername: name };
      const secure = tlsConnect({ ...tls, socket, host: name, ...sni, ALPNProtocols: ['http/1.1'] });
      const abort = (): void => void secure.destroy(signal.reason as Error);
      signal.addEventListener('abort', abort, { once: true });
      secure.once('secureConnect', () => {
        signal.removeEventListener('abort', abort);
        resolve(secure);
      });
      secure.once('error', reject);
    });
    request.once('error', (error) => reject(signal.aborted ? error : new ProxyUnreachable(proxyUrl.host, error)));
    request.end();
  });
}
