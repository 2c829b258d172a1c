// The Azure Instance Metadata Service's managed identity endpoint (GET /metadata/identity/oauth2/token), answering
// as Azure's does: string-typed times, and 400 "Identity not found" for an identity the VM does not have.

import type { IncomingMessage } from 'node:http';
import type { ManagedIdentities } from './directory.js';
import { issueEntraToken } from './entra-token-endpoint.js';
import type { Answer } from './http.js';
import type { Signer } from './signer.js';

const invalidRequest = (description: string): Answer => ({
  status: 400,
  body: { error: 'invalid_request', error_description: description },
});

export async function imdsToken(
  req: IncomingMessage,
  url: URL,
  identities: ManagedIdentities | undefined,
  signer: Signer,
): Promise<Answer> {
  if (req.headers.metadata !== 'true') return invalidRequest('Required metadata header not specified');
  const resource = url.searchParams.get('resource') ?? '';
  if (!resource) return invalidRequest('Required query variable resource is missing');
  const clientId = identityOf(url.searchParams, identities);
  if (!identities || !clientId) return invalidRequest('Identity not found');
  const token = await issueEntraToken(signer, identities.tenantId, { clientId, roles: ['Reader'] }, resource);
  const now = Math.floor(Date.now() / 1000);
  return {
    status: 200,
    body: {
      access_token: token.access_token,
      client_id: clientId,
      expires_in: String(token.expires_in),
      expires_on: String(now + token.expires_in),
      ext_expires_in: String(token.expires_in),
      not_before: String(now),
      resource,
      token_type: 'Bearer',
    },
  };
}

/** The identity asked for: a user-assigned one by client ID, else the system-assigned one. */
function identityOf(query: URLSearchParams, identities: ManagedIdentities | undefined): string | undefined {
  const requested = query.get('client_id');
  if (requested) return identities?.userAssigned?.find((id) => id === requested);
  // User-assigned identities are registered by client ID only: one named by object or resource ID is not found.
  if (query.has('object_id') || query.has('mi_res_id') || query.has('msi_res_id')) return undefined;
  return identities?.systemAssigned;
}
