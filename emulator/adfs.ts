// AD FS, the identity provider of Azure Stack Hub in disconnected deployments: an authority at `/adfs` with its
// OpenID configuration and an OAuth 2.0 token endpoint for the client-credentials grant. It takes the resource
// either as MSAL sends it (`scope=<resource>/.default`) or as ADAL did (`resource=<resource>`), authenticates the
// client by secret or certificate assertion (checked as Entra checks them), and refuses with AD FS's MSIS errors.

import { checkCertificateAssertion } from './client-assertions.js';
import { isKnownResource, type AppRegistration } from './directory.js';
import { EntraFailure } from './entra-failure.js';
import type { Answer, LoggedRequest } from './http.js';
import type { Signer } from './signer.js';

export interface AdfsOptions {
  /** Application groups' server applications, by client ID; `secrets` and `certificates` as for Entra apps. */
  readonly apps: readonly AppRegistration[];
}

const ACCESS_TOKEN_LIFETIME_SECONDS = 3600;
const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

const refusal = (status: number, error: string, description: string): Answer => ({
  status,
  body: { error, error_description: description },
});
const INVALID_CLIENT = refusal(
  401,
  'invalid_client',
  'MSIS9622: Client authentication failed. Please verify the credential provided for client authentication is valid.',
);
const INVALID_RESOURCE = refusal(400, 'invalid_resource', "MSIS9602: The received 'resource' parameter is invalid.");
// Modelled on AD FS's wording; not captured from a server.
const UNSUPPORTED_GRANT = refusal(
  400,
  'unsupported_grant_type',
  "MSIS9611: The authorization server does not support the requested 'grant_type'.",
);

/** `origin` is the address the client used, e.g. `https://127.0.0.1:PORT`. */
export function adfsDiscovery(origin: string): object {
  const authority = `${origin}/adfs`;
  return {
    issuer: authority,
    authorization_endpoint: `${authority}/oauth2/authorize/`,
    token_endpoint: `${authority}/oauth2/token`,
    jwks_uri: `${authority}/discovery/keys`,
    token_endpoint_auth_methods_supported: ['client_secret_post', 'client_secret_basic', 'private_key_jwt'],
    grant_types_supported: ['authorization_code', 'refresh_token', 'client_credentials'],
    access_token_issuer: authority,
  };
}

export async function adfsTokenEndpoint(
  options: AdfsOptions,
  form: URLSearchParams,
  origin: string,
  entry: LoggedRequest,
  signer: Signer,
): Promise<Answer> {
  if (form.get('grant_type') !== 'client_credentials') return UNSUPPORTED_GRANT;
  const app = options.apps.find((candidate) => candidate.clientId === form.get('client_id'));
  if (!app || !(await authenticated(app, form, `${origin}/adfs/oauth2/token`, entry))) return INVALID_CLIENT;
  const resource = resourceOf(form);
  if (resource === undefined) return INVALID_RESOURCE;
  const accessToken = await signer.sign(
    {
      iss: `${origin}/adfs`,
      sub: app.clientId,
      aud: resource,
      appid: app.clientId,
      apptype: 'Confidential',
      ...(app.roles?.length ? { roles: app.roles } : {}),
      ver: '1.0',
    },
    ACCESS_TOKEN_LIFETIME_SECONDS,
  );
  return {
    status: 200,
    body: { access_token: accessToken, token_type: 'bearer', expires_in: ACCESS_TOKEN_LIFETIME_SECONDS },
  };
}

/** Whether the client proved it is `app`: a current secret, or an assertion signed by a registered certificate. */
async function authenticated(
  app: AppRegistration,
  form: URLSearchParams,
  tokenUrl: string,
  entry: LoggedRequest,
): Promise<boolean> {
  const secret = form.get('client_secret');
  if (secret !== null) {
    entry.credential = 'secret';
    return app.secrets?.some((candidate) => candidate.value === secret && !candidate.expired) ?? false;
  }
  const assertion = form.get('client_assertion');
  if (assertion === null || form.get('client_assertion_type') !== JWT_BEARER) return false;
  entry.credential = 'certificate';
  try {
    await checkCertificateAssertion(app, assertion, tokenUrl, entry);
    return true;
  } catch (error) {
    // AD FS gives one answer, MSIS9622, whatever was wrong with the assertion.
    if (error instanceof EntraFailure) return false;
    throw error;
  }
}

/** The resource, from `resource` or from a single `<resource>/.default` scope, if the emulator knows it. */
function resourceOf(form: URLSearchParams): string | undefined {
  const scopes = (form.get('scope') ?? '').split(' ').filter((scope) => scope.endsWith('/.default'));
  const resource = form.get('resource') ?? (scopes.length === 1 ? scopes[0]!.slice(0, -'/.default'.length) : '');
  return isKnownResource(resource) ? resource : undefined;
}
