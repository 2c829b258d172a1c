// The host's proxy and TLS settings, validated once: every mistake names the variable it came from, and every
// password is masked here, before a request could print it.

import { readBoundedFile, statOrRefuse, statQuietly } from './bounded-file.js';
import { rootCertificates } from 'node:tls';
import { UserError } from './errors.js';
import type { Host, NamedFile, ProxyConfiguration } from './host.js';

export interface ProxySettings {
  /** `scheme://host:port`, credentials removed. */
  readonly url: string;
  /** `Basic …` for Proxy-Authorization, when the proxy wants credentials. A secret. */
  readonly authorization?: string;
  /** Whether a URL goes direct. */
  readonly bypass: (url: string) => boolean;
}

export interface TlsSettings {
  /** Trusted roots when the host adds a CA: Node's own, NODE_EXTRA_CA_CERTS', and the host's. */
  readonly ca?: readonly string[];
  readonly cert?: string;
  readonly key?: string;
  readonly pfx?: Buffer;
  readonly passphrase?: string;
}

export interface NetworkSettings {
  readonly proxy?: ProxySettings;
  readonly tls: TlsSettings;
}

/** A CA bundle is at most a few hundred KB (Mozilla's whole store is about 220 KB). */
const MAX_TLS_FILE_BYTES = 1024 * 1024;

export function readNetworkSettings(host: Pick<Host, 'proxy' | 'tls' | 'setSecret'>): NetworkSettings {
  const proxy = host.proxy();
  const tls = host.tls();
  if (tls.passphrase) host.setSecret(tls.passphrase);
  const key = tls.keyFile && readTlsFile(tls.keyFile).toString('utf8');
  if (key) host.setSecret(key);
  return {
    proxy: proxy && readProxy(proxy, host),
    tls: {
      ca: tls.caFile && [...rootCertificates, ...extraCaCertificates(), readTlsFile(tls.caFile).toString('utf8')],
      cert: tls.certFile && readTlsFile(tls.certFile).toString('utf8'),
      key,
      pfx: tls.certArchiveFile && readTlsFile(tls.certArchiveFile),
      passphrase: tls.passphrase,
    },
  };
}

function readProxy(proxy: ProxyConfiguration, host: Pick<Host, 'setSecret'>): ProxySettings {
  const what = `${proxy.source} ('${withoutCredentials(proxy.url)}')`;
  const url = URL.canParse(proxy.url) ? new URL(proxy.url) : undefined;
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || !url.hostname) {
    throw new UserError(
      `${what} is not a proxy URL: write it with its scheme, e.g. http://proxy.example.com:8080 (http:// or https://).`,
    );
  }
  // An '@' the parser did not take as the end of the credentials means an unescaped '/', '?' or '#' in them: the
  // rest of the password would be read as the host, and the request would go somewhere else.
  if (proxy.url.includes('@') && !url.username && !url.password) {
    throw new UserError(
      `${what}: the user name or password holds a character that ends it early. Percent-encode '/', '@', '#' and '?' in them (%2F, %40, %23, %3F).`,
    );
  }
  const decode = (value: string, part: string): string => {
    try {
      return decodeURIComponent(value);
    } catch {
      throw new UserError(
        `${proxy.source}: the proxy ${part} holds a '%' that is not a valid escape. Write '%25' for a literal '%'.`,
      );
    }
  };
  if (url.password) host.setSecret(url.password);
  const username = proxy.username || decode(url.username, 'user name');
  const password = proxy.password || decode(url.password, 'password');
  if (password) host.setSecret(password);
  // Credentials go in a header, so no URL encoding of the user name or password is involved.
  const authorization =
    username || password ? `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}` : undefined;
  if (authorization) host.setSecret(authorization.slice('Basic '.length));
  return { url: `${url.protocol}//${url.host}`, authorization, bypass: readBypass(proxy.bypass) };
}

/** Everything up to the last '@' may be credentials, whatever characters they hold, with a scheme or without. */
const withoutCredentials = (raw: string): string => raw.replace(/^([a-z][\w+.-]*:\/\/)?[\s\S]*@/i, '$1***@');

function readBypass(bypass: ProxyConfiguration['bypass']): (url: string) => boolean {
  if (bypass.kind === 'patterns') {
    const patterns = bypass.patterns.map((pattern) => {
      try {
        return new RegExp(pattern, 'i');
      } catch {
        throw new UserError(
          `${bypass.source} holds '${pattern}', which is not a valid regular expression. Each entry is a pattern matched against the request URL, e.g. '\\.contoso\\.com$'.`,
        );
      }
    });
    return (url) => patterns.some((pattern) => pattern.test(url));
  }
  // NO_PROXY as curl and @actions/http-client read it: `*` alone for every host, or host names (a leading `.` or
  // `*.` optional) that match the host and its subdomains, each with an optional port; IPv6 in brackets.
  const entries = bypass.value
    .split(/[,\s]+/)
    .filter(Boolean)
    .map(noProxyEntry);
  const all = entries.some((entry) => entry.name === '*');
  return (raw) => {
    if (all) return true;
    const url = new URL(raw);
    const hostname = `.${url.hostname.toLowerCase()}`;
    const port = url.port || (url.protocol === 'https:' ? '443' : '80');
    return entries.some(
      (entry) => entry.name !== '' && hostname.endsWith(`.${entry.name}`) && (!entry.port || entry.port === port),
    );
  };
}

/** One NO_PROXY entry: `host`, `.host`, `*.host`, `host:port`, `[::1]:port` or a bare IPv6 address. */
function noProxyEntry(entry: string): { name: string; port?: string } {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
  if (bracketed) return { name: `[${bracketed[1]!.toLowerCase()}]`, port: bracketed[2] };
  if ((entry.match(/:/g) ?? []).length > 1) return { name: `[${entry.toLowerCase()}]` };
  const [, name = entry, port] = /^(.*?)(?::(\d+))?$/.exec(entry) ?? [];
  return { name: name === '*' ? '*' : name.replace(/^\*?\.?/, '').toLowerCase(), port };
}

/**
 * Node drops NODE_EXTRA_CA_CERTS' certificates when a request names its own CAs; keep them. Node only warns about a
 * file it cannot read there, so an unreadable one is left out here too rather than failing the step.
 */
function extraCaCertificates(): string[] {
  const path = process.env.NODE_EXTRA_CA_CERTS;
  const stats = path ? statQuietly(path) : undefined;
  if (!path || !stats?.isFile() || stats.size > MAX_TLS_FILE_BYTES) return [];
  return [readTlsFile({ path, source: 'NODE_EXTRA_CA_CERTS' }).toString('utf8')];
}

function readTlsFile(file: NamedFile): Buffer {
  const what = `${file.source} names '${file.path}'`;
  const stats = statOrRefuse(file.path, (code) => new UserError(`${what}, which cannot be read (${code}).`));
  if (!stats) throw new UserError(`${what}, which does not exist.`);
  return readBoundedFile(file.path, stats, MAX_TLS_FILE_BYTES, (problem) => {
    if (problem.kind === 'not-regular')
      return new UserError(`${what}, which is not a regular file (it is ${problem.what}).`);
    if (problem.kind === 'unreadable') return new UserError(`${what}, which cannot be read (${problem.code}).`);
    return new UserError(
      `${what}, which is larger than ${MAX_TLS_FILE_BYTES / 1024} KiB, the most a certificate or CA file is.`,
    );
  });
}
