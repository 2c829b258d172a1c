// An Azure Resource Manager service connection, decoded: its scheme decides the credential, its data the authority.

import { type Authority, checkTenant, cloudHost, parseAuthorityHost } from './authority.js';
import type { ClientCertificate } from './certificate.js';
import { appIdentity, type Identity, readFederatedSource } from './credential.js';
import { UserError } from './errors.js';
import type { ServiceEndpoint, SettingsSource } from './host.js';
import type { Inputs } from './inputs.js';

const DEFAULT_AUDIENCE = 'api://AzureADTokenExchange';

/** `readCertificate` turns the connection's PEM (certificate and key) into a credential, masked. */
export async function readServiceConnection(
  inputs: Inputs,
  host: SettingsSource,
  readCertificate: (pem: string, label: string) => Promise<ClientCertificate>,
): Promise<Identity> {
  const label = inputs.label('serviceConnection');
  const id = inputs.required('serviceConnection', `with '${inputs.label('authMethod')}' '${inputs.get('authMethod')}'`);
  const endpoint = host.serviceEndpoint?.(id);
  if (!endpoint) {
    throw new UserError(
      `Input '${label}': the agent passed no service connection '${id}' to this step. Check the connection's name or ID, and that this pipeline is authorised to use it.`,
    );
  }
  const what = `Service connection '${id}' (input '${label}')`;
  const auth = (name: string): string => {
    const value = endpoint.authParameter(name);
    if (!value) throw new UserError(`${what} has no '${name}'. Edit the connection and complete it.`);
    return value;
  };
  const named = (kind: string): string => `${kind}, service connection ${id}`;
  const scheme = endpoint.scheme.toLowerCase();
  const serviceConnectionId = endpoint.id;

  if (scheme === 'managedserviceidentity') {
    // A user-assigned identity's connection names it in its data; without it IMDS answers for the system identity.
    const clientId = endpoint.dataParameter('msiclientId') ?? '';
    return {
      credential: { kind: 'managed-identity' },
      credentialLabel: named(`managed identity, ${clientId ? 'user-assigned' : 'system-assigned'}`),
      clientId,
      handover: { authType: 'managed-identity', clientId: clientId || undefined, serviceConnectionId },
    };
  }
  const clientId = auth('serviceprincipalid');
  const authority = connectionAuthority(inputs, endpoint, what, () => auth('tenantid'));
  const identity = (credential: Parameters<typeof appIdentity>[0], kind: string, audience?: string) =>
    appIdentity(credential, named(kind), clientId, authority, { serviceConnectionId, audience });
  if (scheme === 'workloadidentityfederation') {
    const source = readFederatedSource(host, DEFAULT_AUDIENCE, endpoint.id);
    return identity({ kind: 'federated', source }, 'workload identity federation', DEFAULT_AUDIENCE);
  }
  if (scheme === 'serviceprincipal') {
    const authenticationType = (endpoint.authParameter('authenticationType') || 'spnKey').toLowerCase();
    if (authenticationType === 'spncertificate') {
      // The connection's PEM holds the key as the agent stored it (PKCS#1, PKCS#8, encrypted): masked as it is.
      const pem = auth('servicePrincipalCertificate');
      host.setSecret(pem);
      const certificate = await readCertificate(pem, `${label} certificate`);
      return identity({ kind: 'certificate', certificate }, 'certificate');
    }
    const clientSecret = auth('serviceprincipalkey');
    host.setSecret(clientSecret);
    return identity({ kind: 'secret', clientSecret }, 'client secret');
  }
  throw new UserError(
    `${what} uses the scheme '${endpoint.scheme}'; supported are ServicePrincipal, WorkloadIdentityFederation and ManagedServiceIdentity.`,
  );
}

/**
 * The input's authority host wins; else the connection's `activeDirectoryAuthority`, `environmentAuthorityUrl`,
 * or its environment's cloud. An AD FS authority (Azure Stack Hub) has no tenant.
 */
function connectionAuthority(inputs: Inputs, endpoint: ServiceEndpoint, what: string, tenant: () => string): Authority {
  const override = inputs.get('authorityHost');
  const fromData = ['activeDirectoryAuthority', 'environmentAuthorityUrl']
    .map((key) => ({ key, value: endpoint.dataParameter(key) }))
    .find((entry) => entry.value);
  let host: string;
  let adfs = false;
  if (override || fromData) {
    const source = override ? `Input '${inputs.label('authorityHost')}'` : `${what} data '${fromData!.key}'`;
    ({ host, adfs } = parseAuthorityHost(override || fromData!.value!, source));
  } else {
    const environment = endpoint.dataParameter('environment') || 'AzureCloud';
    const cloud = cloudHost(environment);
    if (!cloud) {
      throw new UserError(
        `${what}: the connection's environment '${environment}' has no known authority host. Set the '${inputs.label('authorityHost')}' input.`,
      );
    }
    host = cloud;
  }
  if (adfs) return { kind: 'adfs', host };
  return { kind: 'entra', host, tenant: checkTenant(tenant(), `${what} tenant ID`) };
}
