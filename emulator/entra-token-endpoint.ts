// Entra's v2.0 token endpoint for the client-credentials grant: tenant, app and scope checks, client
// authentication by secret, certificate assertion or federated token, and Entra-shaped AADSTS refusals.

import { randomUUID } from 'node:crypto';
import * as jose from 'jose';
import { checkCertificateAssertion, checkFederatedAssertion } from './client-assertions.js';
import { isKnownResource, type AppRegistration, type FederatedCredential, type Tenant } from './directory.js';
import { EntraFailure } from './entra-failure.js';
import type { Answer, LoggedRequest } from './http.js';
import type { Signer } from './signer.js';

/** What the endpoint reads from the emulator. */
export interface EntraDirectory {
  readonly tenants: readonly Tenant[];
  readonly signer: Signer;
  /** The app's federated credentials, with those added after start. */
  federatedCredentials(app: AppRegistration): readonly FederatedCredential[];
  /** The clock federated tokens are judged by: the emulated OIDC issuers' clock. */
  federationNow(): Date;
  /** `https://127.0.0.1:PORT`, for the `error_uri` of refusals. */
  readonly authority: string;
}

export interface TokenRequest {
  readonly tenantName: string;
  readonly form: URLSearchParams;
  /** The address the client used: a client assertion's audience must be that token endpoint. */
  readonly origin: string;
  readonly correlationId?: string;
}

const ACCESS_TOKEN_LIFETIME_SECONDS = 3599;

export async function entraTokenEndpoint(
  directory: EntraDirectory,
  request: TokenRequest,
  entry: LoggedRequest,
): Promise<Answer> {
  try {
    return { status: 200, body: await clientCredentials(directory, request, entry) };
  } catch (error) {
    if (!(error instanceof EntraFailure)) throw error;
    return error.answer(request.correlationId, directory.authority);
  }
}

async function clientCredentials(
  directory: EntraDirectory,
  { tenantName, form, origin }: TokenRequest,
  entry: LoggedRequest,
): Promise<object> {
  const lower = tenantName.toLowerCase();
  const tenant = directory.tenants.find(
    (candidate) => candidate.id === lower || candidate.domains?.some((domain) => domain.toLowerCase() === lower),
  );
  if (!tenant) {
    throw new EntraFailure(
      400,
      'invalid_request',
      90002,
      `Tenant '${tenantName}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`,
    );
  }
  if (form.get('grant_type') !== 'client_credentials') {
    throw new EntraFailure(
      400,
      'unsupported_grant_type',
      70003,
      `The app requested an unsupported grant type '${form.get('grant_type')}'.`,
    );
  }
  const clientId = form.get('client_id') ?? '';
  if (!clientId)
    throw new EntraFailure(
      400,
      'invalid_request',
      900144,
      "The request body must contain the following parameter: 'client_id'.",
    );
  const app = tenant.apps.find((candidate) => candidate.clientId === clientId);
  if (!app) {
    throw new EntraFailure(
      400,
      'unauthorized_client',
      700016,
      `Application with identifier '${clientId}' was not found in the directory '${tenantName}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant.`,
    );
  }
  const resource = resourceOf(form.get('scope') ?? '', tenantName);
  const tokenUrl = `${origin}/${tenantName}/oauth2/v2.0/token`;

  const secret = form.get('client_secret');
  const assertion = form.get('client_assertion');
  if (secret !== null) {
    entry.credential = 'secret';
    const match = app.secrets?.find((candidate) => candidate.value === secret);
    if (!match) {
      throw new EntraFailure(
        401,
        'invalid_client',
        7000215,
        `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${clientId}'.`,
      );
    }
    if (match.expired)
      throw new EntraFailure(
        401,
        'invalid_client',
        7000222,
        `The provided client secret keys for app '${clientId}' are expired.`,
      );
  } else if (assertion !== null) {
    if (form.get('client_assertion_type') !== 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer') {
      throw new EntraFailure(
        400,
        'invalid_request',
        50027,
        "Invalid JWT token: 'client_assertion_type' must be urn:ietf:params:oauth:client-assertion-type:jwt-bearer.",
      );
    }
    // An app signs its own assertions (iss = its client ID); anything else is a federated token.
    if (issuerOf(assertion) === clientId) {
      entry.credential = 'certificate';
      await checkCertificateAssertion(app, assertion, tokenUrl, entry);
    } else {
      entry.credential = 'federated';
      await checkFederatedAssertion(
        assertion,
        directory.federatedCredentials(app),
        directory.signer,
        directory.federationNow(),
      );
    }
  } else {
    throw new EntraFailure(
      401,
      'invalid_client',
      7000218,
      "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
    );
  }
  return issueEntraToken(directory.signer, tenant.id, app, resource);
}

/** The `iss` of an unverified JWT; a value that is no JWT is refused as Entra refuses it. */
function issuerOf(assertion: string): unknown {
  try {
    return jose.decodeJwt(assertion).iss;
  } catch {
    throw new EntraFailure(400, 'invalid_request', 50027, 'Invalid JWT token. The token is not in a valid format.');
  }
}

/** An app-only access token with Entra's v1.0 claims, or an opaque one where the app says so. */
export async function issueEntraToken(
  signer: Signer,
  tenantId: string,
  app: Pick<AppRegistration, 'clientId' | 'displayName' | 'roles' | 'opaqueTokens'>,
  resource: string,
): Promise<{ token_type: 'Bearer'; expires_in: number; ext_expires_in: number; access_token: string }> {
  const lifetime = ACCESS_TOKEN_LIFETIME_SECONDS;
  const accessToken = app.opaqueTokens
    ? `opaque-${randomUUID()}-${randomUUID()}`
    : await signer.sign(
        {
          iss: `https://sts.windows.net/${tenantId}/`,
          sub: randomUUID(),
          aud: resource,
          tid: tenantId,
          appid: app.clientId,
          ...(app.displayName ? { app_displayname: app.displayName } : {}),
          ...(app.roles?.length ? { roles: app.roles } : {}),
          oid: randomUUID(),
          idtyp: 'app',
          ver: '1.0',
        },
        lifetime,
      );
  return { token_type: 'Bearer', expires_in: lifetime, ext_expires_in: lifetime, access_token: accessToken };
}

/** The resource of a client-credentials scope, refused as Entra refuses it. */
function resourceOf(scope: string, tenantName: string): string {
  const scopes = scope.split(' ').filter(Boolean);
  if (scopes.length !== 1 || !scopes[0]!.endsWith('/.default')) {
    throw new EntraFailure(
      400,
      'invalid_scope',
      70011,
      `The provided request must include a 'scope' input parameter. The provided value for the input parameter 'scope' is not valid. The scope ${scope} is not valid.`,
    );
  }
  const resource = scopes[0]!.slice(0, -'/.default'.length);
  if (!isKnownResource(resource)) {
    throw new EntraFailure(
      400,
      'invalid_resource',
      500011,
      `The resource principal named ${resource} was not found in the tenant named ${tenantName}.`,
    );
  }
  return resource;
}

/** The tenant's OpenID configuration and instance discovery document, at the emulator's own address. */
export function entraDiscovery(path: string, authority: string): object {
  const base = `${authority}/${path.split('/')[1]}`;
  const host = new URL(authority).host;
  return {
    token_endpoint: `${base}/oauth2/v2.0/token`,
    authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
    issuer: `${base}/v2.0`,
    jwks_uri: `${base}/discovery/v2.0/keys`,
    tenant_discovery_endpoint: `${base}/v2.0/.well-known/openid-configuration`,
    metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
  };
}
