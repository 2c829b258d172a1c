// How a job asks its CI for an OIDC token, for the two issuers Entra federates with here. Shared by the step on
// each host and by the command, which may run inside either. `urlSource` names the variable for errors.

import type { OidcTokenRequest } from './host.js';

/** GitHub Actions: GET the runtime's request URL with the audience; the token is in `value`. */
export function githubOidcRequest(url: string, bearer: string, audience: string, urlSource: string): OidcTokenRequest {
  const request = { method: 'GET', urlSource, bearer, tokenField: 'value', issuerLabel: 'GitHub OIDC' } as const;
  return { kind: 'request', ...request, url: withParameters(url, { audience }) };
}

/**
 * Azure DevOps: POST to the pipeline's OIDC request URI for one service connection; the token is in `oidcToken`.
 * It issues for api://AzureADTokenExchange whatever is asked: the connection decides the subject.
 */
export function azureDevOpsOidcRequest(
  uri: string,
  bearer: string,
  serviceConnectionId: string,
  urlSource: string,
): OidcTokenRequest {
  const issuerLabel = 'Azure DevOps workload identity';
  const request = { method: 'POST', urlSource, bearer, tokenField: 'oidcToken', issuerLabel } as const;
  return { kind: 'request', ...request, url: withParameters(uri, { 'api-version': '7.1', serviceConnectionId }) };
}

/** The URL with these query parameters set; a value that is no URL is kept as it is, for the https check to name. */
function withParameters(raw: string, parameters: Record<string, string>): string {
  if (!URL.canParse(raw)) return raw;
  const url = new URL(raw);
  for (const [name, value] of Object.entries(parameters)) url.searchParams.set(name, value);
  return url.toString();
}
