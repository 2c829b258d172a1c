// The host's proxy settings, read once: NO_PROXY as curl reads it, credentials masked, mistakes named without
// printing a password.

import { describe, expect, it } from 'vitest';
import type { ProxyConfiguration } from '../../src/core/host.js';
import { readNetworkSettings } from '../../src/core/network-settings.js';
import { userErrorOf } from '../helpers/user-error.js';

function read(url: string, noProxy = '') {
  const secrets: string[] = [];
  const proxy: ProxyConfiguration = {
    source: 'HTTPS_PROXY',
    url,
    bypass: { kind: 'no-proxy', source: 'NO_PROXY', value: noProxy },
  };
  const settings = readNetworkSettings({
    proxy: () => proxy,
    tls: () => ({}),
    setSecret: (value) => secrets.push(value),
  });
  return { proxy: settings.proxy!, secrets };
}

const errorOf = (url: string): string => userErrorOf(() => read(url));

describe('NO_PROXY', () => {
  const bypasses = (noProxy: string, host: string): boolean =>
    read('http://proxy.corp:8080', noProxy).proxy.bypass(`https://${host}/x`);

  it('matches a domain and its subdomains, with or without a leading dot or star', () => {
    for (const entry of ['contoso.com', '.contoso.com', '*.contoso.com']) {
      expect(bypasses(entry, 'login.contoso.com'), entry).toBe(true);
      expect(bypasses(entry, 'notcontoso.com'), entry).toBe(false);
    }
    expect(bypasses('contoso.com', 'contoso.com')).toBe(true);
  });

  it('matches a port only when it is the request port', () => {
    expect(bypasses('contoso.com:443', 'login.contoso.com')).toBe(true);
    expect(bypasses('contoso.com:8443', 'login.contoso.com')).toBe(false);
  });

  it("bypasses every host for '*' alone, and for no other wildcard", () => {
    expect(bypasses('*', 'anything.example')).toBe(true);
    expect(bypasses('.', 'anything.example')).toBe(false);
    expect(bypasses('*.', 'anything.example')).toBe(false);
  });

  it('reads IPv6 addresses bare or in brackets with a port', () => {
    expect(bypasses('::1', '[::1]:8443')).toBe(true);
    expect(bypasses('[::1]:8443', '[::1]:8443')).toBe(true);
    expect(bypasses('[::1]:9', '[::1]:8443')).toBe(false);
  });
});

describe('the proxy URL', () => {
  it('masks the password, decoded, and the header built from it', () => {
    const { proxy, secrets } = read('http://build:p%40ss%2Fw@proxy.corp:8080');
    expect(proxy.url).toBe('http://proxy.corp:8080');
    expect(proxy.authorization).toBe(`Basic ${Buffer.from('build:p@ss/w').toString('base64')}`);
    expect(secrets).toEqual(expect.arrayContaining(['p%40ss%2Fw', 'p@ss/w']));
  });

  it.each([
    ['http://user:s3cr/et@proxy.local:8080', /is not a proxy URL/],
    ['http://user:1234/abc@proxy.local:8080', /holds a character that ends it early\. Percent-encode/],
    ['proxy.corp:8080', /is not a proxy URL: write it with its scheme/],
    ['alice:S3cr3t!@proxy.corp:8080', /\('\*\*\*@proxy\.corp:8080'\) is not a proxy URL/],
  ])('refuses %s without printing its password', (url, message) => {
    const error = errorOf(url);
    expect(error).toMatch(message);
    expect(error).not.toMatch(/s3cr|et@|1234|abc|alice/i);
  });
});
