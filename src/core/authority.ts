// Where the token comes from: the cloud's authority host and the tenant's endpoints.

export const CLOUD_HOSTS: Readonly<Record<string, string>> = {
  AzureCloud: 'https://login.microsoftonline.com',
  AzureUSGovernment: 'https://login.microsoftonline.us',
  AzureChinaCloud: 'https://login.chinacloudapi.cn',
};

export interface Authority {
  /** `https://host[:port]`, no trailing slash. */
  readonly host: string;
  readonly tenant: string;
}

export const authorityUrl = (a: Authority): string => `${a.host}/${a.tenant}`;
export const tokenEndpoint = (a: Authority): string => `${authorityUrl(a)}/oauth2/v2.0/token`;

/**
 * What MSAL would otherwise fetch with two discovery GETs before each token request. Entra lays out every
 * tenant's endpoints the same way, so we can state them and keep it to one request per token.
 */
export function msalAuthorityOptions(a: Authority): { knownAuthorities: string[]; authorityMetadata: string } {
  const base = authorityUrl(a);
  return {
    knownAuthorities: [new URL(a.host).host],
    authorityMetadata: JSON.stringify({
      token_endpoint: tokenEndpoint(a),
      authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
      end_session_endpoint: `${base}/oauth2/v2.0/logout`,
      issuer: `${base}/v2.0`,
      jwks_uri: `${base}/discovery/v2.0/keys`,
    }),
  };
}
