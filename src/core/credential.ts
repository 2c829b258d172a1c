// The credential a token request presents, and the identity it proves: read once, secrets masked on the way in.

import { type Authority, authorityHostOf } from './authority.js';
import {
  type CertificateInputs,
  type CertificateLabels,
  type ClientCertificate,
  loadCertificate,
} from './certificate.js';
import { CredentialError, UserError } from './errors.js';
import type { FederatedTokenSource, Handover, Host } from './host.js';

export type Credential =
  | { readonly kind: 'secret'; readonly clientSecret: string }
  | { readonly kind: 'certificate'; readonly certificate: ClientCertificate }
  | { readonly kind: 'federated'; readonly source: FederatedTokenSource }
  | { readonly kind: 'managed-identity' };

/** Who the token is for and how to prove it: what the token request needs. */
export interface Identity {
  readonly credential: Credential;
  /** What messages call the credential, e.g. "certificate (service connection my-conn)". */
  readonly credentialLabel: string;
  /** Application (client) ID; for managed identity, the user-assigned identity's, or '' for system-assigned. */
  readonly clientId: string;
  /** Absent for managed identity, which asks the VM's metadata service instead. */
  readonly authority?: Authority;
  /** What a later `entra-token` needs to do the same, without secrets. */
  readonly handover: Handover;
}

/** An app registration's identity, one shape whatever credential it presents; `extra` adds to the handover. */
export function appIdentity(
  credential: Exclude<Credential, { kind: 'managed-identity' }>,
  credentialLabel: string,
  clientId: string,
  authority: Authority,
  extra: Partial<Handover> = {},
): Identity {
  return {
    credential,
    credentialLabel,
    clientId,
    authority,
    handover: {
      authType: credential.kind === 'federated' ? 'oidc' : credential.kind,
      clientId,
      tenantId: authority.kind === 'entra' ? authority.tenant : undefined,
      authorityHost: authorityHostOf(authority),
      ...extra,
    },
  };
}

/** Loads a certificate credential and masks the key it derives. */
export async function readCertificate(
  host: Pick<Host, 'setSecret' | 'warning'>,
  material: CertificateInputs,
  labels: CertificateLabels,
): Promise<ClientCertificate> {
  const { certificate, warnings } = await loadCertificate(material, labels).catch((error: unknown) => {
    // Named for what it is: the credential was refused (the command exits 1 for it, not 2 as for a usage mistake).
    throw error instanceof UserError ? new CredentialError(error.message) : error;
  });
  // The unencrypted key is derived here: the host has never seen it, so it is masked before anything else.
  host.setSecret(certificate.privateKey);
  for (const warning of warnings) host.warning(warning);
  return certificate;
}

/** The host's federated token source, its bearer masked before any request. */
export function readFederatedSource(
  host: Pick<Host, 'federatedToken' | 'setSecret'>,
  audience: string,
  serviceConnectionId?: string,
): FederatedTokenSource {
  const source = host.federatedToken(audience, serviceConnectionId);
  if (typeof source === 'string') throw new UserError(source);
  if (source.kind === 'request') {
    host.setSecret(source.bearer);
    // The request carries a bearer credential: never in clear.
    if (!URL.canParse(source.url) || new URL(source.url).protocol !== 'https:') {
      throw new UserError(
        `${source.urlSource} is '${source.url.replace(/\?.*$/, '')}'; the OIDC token request carries a credential, so only an https:// URL is used.`,
      );
    }
  }
  return source;
}
