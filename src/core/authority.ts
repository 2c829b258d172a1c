// Where the token comes from: an Entra ID cloud and tenant, or an AD FS farm (Azure Stack Hub), and the
// endpoints MSAL would otherwise discover with extra requests.

import { UserError } from './errors.js';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DOMAIN = /^(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;

const CLOUD_HOSTS: Readonly<Record<string, string>> = {
  AzureCloud: 'https://login.microsoftonline.com',
  AzureUSGovernment: 'https://login.microsoftonline.us',
  AzureChinaCloud: 'https://login.chinacloudapi.cn',
};

export type Authority =
  /** Entra ID: `https://host[:port]` without a trailing slash, and the tenant. */
  | { readonly kind: 'entra'; readonly host: string; readonly tenant: string }
  /** AD FS: `https://host[:port]/adfs`; it has no tenants. */
  | { readonly kind: 'adfs'; readonly host: string };

export const authorityUrl = (a: Authority): string => (a.kind === 'adfs' ? `${a.host}/adfs` : `${a.host}/${a.tenant}`);
export const tokenEndpoint = (a: Authority): string =>
  a.kind === 'adfs' ? `${authorityUrl(a)}/oauth2/token` : `${authorityUrl(a)}/oauth2/v2.0/token`;

/** The cloud named by `name` (case-insensitive), or undefined. */
export function cloudHost(name: string): string | undefined {
  const match = Object.keys(CLOUD_HOSTS).find((cloud) => cloud.toLowerCase() === name.toLowerCase());
  return match && CLOUD_HOSTS[match];
}

/**
 * An authority host is `https://host[:port]`, or `https://host[:port]/adfs` for AD FS: anything else would send
 * the credential in clear or to a wrong place. `what` names the input or setting for the error.
 */
export function parseAuthorityHost(raw: string, what: string): { host: string; adfs: boolean } {
  if (!URL.canParse(raw)) {
    throw new UserError(
      `${what} is '${raw}', which is not a URL. Use https://<host>, e.g. https://login.microsoftonline.com, or https://<host>/adfs for AD FS.`,
    );
  }
  const url = new URL(raw);
  if (url.protocol !== 'https:') {
    throw new UserError(
      `${what} is '${raw}'; only https:// is allowed, as the request carries the credential. Use https://${url.host}.`,
    );
  }
  const path = url.pathname.replace(/\/+$/, '').toLowerCase();
  if ((path !== '' && path !== '/adfs') || url.search || url.hash || url.username || url.password) {
    throw new UserError(
      `${what} is '${raw}'; give the host alone, without a path or tenant (https://${url.host}), or https://${url.host}/adfs for AD FS.`,
    );
  }
  return { host: url.origin, adfs: path === '/adfs' };
}

/**
 * What MSAL would otherwise fetch with discovery GETs before each token request. Entra lays out every tenant's
 * endpoints the same way, and so does AD FS, so we state them and keep it to one request per token.
 */
export function msalAuthorityOptions(a: Authority): { knownAuthorities: string[]; authorityMetadata: string } {
  const base = authorityUrl(a);
  const adfs = a.kind === 'adfs';
  return {
    knownAuthorities: [new URL(a.host).host],
    authorityMetadata: JSON.stringify({
      token_endpoint: tokenEndpoint(a),
      authorization_endpoint: adfs ? `${base}/oauth2/authorize` : `${base}/oauth2/v2.0/authorize`,
      end_session_endpoint: adfs ? `${base}/oauth2/logout` : `${base}/oauth2/v2.0/logout`,
      issuer: adfs ? base : `${base}/v2.0`,
      jwks_uri: adfs ? `${base}/discovery/keys` : `${base}/discovery/v2.0/keys`,
    }),
  };
}

/** The authority host as a setting: `https://host`, or `https://host/adfs`. */
export const authorityHostOf = (authority: Authority): string =>
  authority.kind === 'adfs' ? `${authority.host}/adfs` : authority.host;

/** A tenant is a directory GUID or a domain; `what` names where it came from. */
export function checkTenant(value: string, what: string): string {
  if (['common', 'organizations', 'consumers'].includes(value.toLowerCase())) {
    throw new UserError(
      `${what} is '${value}'; client credentials need a specific tenant. Use the Directory (tenant) ID GUID or a domain such as contoso.onmicrosoft.com.`,
    );
  }
  if (!GUID.test(value) && !DOMAIN.test(value)) {
    throw new UserError(
      `${what} is '${value}', which is neither a GUID nor a domain name. Use the Directory (tenant) ID or a domain such as contoso.onmicrosoft.com.`,
    );
  }
  return value;
}
