// Reads all configuration once into one validated Settings object: inputs, the credential, the network.
// Every error names the input as the user wrote it; every secret is masked the moment it is read.

import { type Authority, checkTenant, cloudHost, parseAuthorityHost } from './authority.js';
import { appIdentity, type Identity, readCertificate, readFederatedSource } from './credential.js';
import { UserError } from './errors.js';
import type { AuthMethod, SettingsSource } from './host.js';
import { Inputs } from './inputs.js';
import { type NetworkSettings, readNetworkSettings } from './network-settings.js';
import { normalizeScope } from './scope.js';
import { readServiceConnection } from './service-connection.js';
import { readTimeout, readVariableName } from './step-inputs.js';

export interface Settings extends Identity {
  /** Always `<resource>/.default`. */
  readonly scope: string;
  readonly timeoutMs: number;
  readonly variableName?: string;
  readonly network: NetworkSettings;
  readonly installCli: boolean;
}

type Method = Exclude<AuthMethod, 'auto'>;
type SecretInputs = Readonly<Record<'clientSecret' | 'certificate' | 'privateKey' | 'certificatePassword', string>>;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DEFAULT_AUDIENCE = 'api://AzureADTokenExchange';
const METHOD_WORDS: Readonly<Record<Method, string>> = {
  secret: 'client secret',
  certificate: 'certificate',
  oidc: 'federated token',
  'managed-identity': 'managed identity',
  'service-connection': 'service connection',
};

export async function readSettings(host: SettingsSource): Promise<Settings> {
  const inputs = new Inputs(host);
  // Every secret input is masked first, whatever the method: a later error must not be able to print one.
  const secrets: SecretInputs = {
    clientSecret: inputs.secret('clientSecret'),
    certificate: inputs.secret('certificate'),
    privateKey: inputs.secret('privateKey'),
    certificatePassword: inputs.secret('certificatePassword'),
  };
  const method = readMethod(inputs, host, secrets);
  return {
    scope: normalizeScope(inputs.get('scope'), inputs.label('scope')),
    timeoutMs: readTimeout(inputs),
    variableName: readVariableName(inputs, host.reservedVariables),
    installCli: inputs.boolean('installCli', true),
    network: readNetworkSettings(host),
    ...(method === 'service-connection'
      ? await readServiceConnection(inputs, host, (pem, label) =>
          readCertificate(
            host,
            { certificate: pem, privateKey: '', password: '', sendChain: inputs.boolean('sendCertificateChain') },
            { certificate: label, privateKey: label, password: label },
          ),
        )
      : await readIdentity(method, inputs, host, secrets)),
  };
}

async function readIdentity(
  method: Method,
  inputs: Inputs,
  host: SettingsSource,
  secrets: SecretInputs,
): Promise<Identity> {
  if (method === 'managed-identity') {
    const clientId = inputs.get('clientId');
    if (clientId) checkGuid(inputs, clientId);
    return {
      credential: { kind: 'managed-identity' },
      credentialLabel: `managed identity (${clientId ? 'user-assigned' : 'system-assigned'})`,
      clientId,
      handover: { authType: 'managed-identity', clientId: clientId || undefined },
    };
  }
  const why = 'to get a token with an app registration';
  const clientId = checkGuid(inputs, inputs.required('clientId', why));
  const authority = readAuthority(inputs, why);
  if (method === 'secret') {
    return appIdentity({ kind: 'secret', clientSecret: secrets.clientSecret }, 'client secret', clientId, authority);
  }
  if (method === 'certificate') {
    const certificate = await readCertificate(
      host,
      {
        certificate: secrets.certificate,
        privateKey: secrets.privateKey,
        password: secrets.certificatePassword,
        sendChain: inputs.boolean('sendCertificateChain'),
      },
      {
        certificate: inputs.label('certificate'),
        privateKey: inputs.label('privateKey'),
        password: inputs.label('certificatePassword'),
      },
    );
    return appIdentity({ kind: 'certificate', certificate }, 'certificate', clientId, authority);
  }
  const audience = inputs.get('audience') || DEFAULT_AUDIENCE;
  const source = readFederatedSource(host, audience);
  const label = `federated (${source.issuerLabel})`;
  return appIdentity({ kind: 'federated', source }, label, clientId, authority, { audience });
}

/** Resolves `auto` and checks that the chosen method has its credential; warns about inputs it ignores. */
function readMethod(inputs: Inputs, host: SettingsSource, secrets: SecretInputs): Method {
  const raw = inputs.get('authMethod') || host.defaultAuthMethod;
  const entry = Object.entries(host.authMethods).find(([name]) => name.toLowerCase() === raw.toLowerCase());
  if (!entry) {
    const allowed = Object.keys(host.authMethods).join("', '");
    throw new UserError(`Input '${inputs.label('authMethod')}' is '${raw}'; allowed values are '${allowed}'.`);
  }
  const given = { secret: secrets.clientSecret !== '', certificate: secrets.certificate !== '' };
  const method: Method =
    entry[1] !== 'auto' ? entry[1] : given.secret ? 'secret' : given.certificate ? 'certificate' : 'oidc';
  const missing = (key: 'clientSecret' | 'certificate', what: string): UserError =>
    new UserError(
      `Input '${inputs.label(key)}' is empty, but '${inputs.label('authMethod')}' is '${raw}'. Pass ${what}, or choose another method.`,
    );
  if (method === 'secret' && !given.secret)
    throw missing('clientSecret', "the client secret's value (from a secret store)");
  if (method === 'certificate' && !given.certificate)
    throw missing('certificate', 'the certificate as PEM text, base64 PFX, or a file path');
  // The chosen method's credential wins; say so rather than silently dropping the other one.
  const ignored = (['secret', 'certificate'] as const)
    .filter((kind) => given[kind] && kind !== method)
    .map((kind) => `'${inputs.label(kind === 'secret' ? 'clientSecret' : 'certificate')}'`);
  if (ignored.length > 0) {
    host.warning(
      `Using the ${METHOD_WORDS[method]}; ignoring ${ignored.join(' and ')}. Remove what you do not use, or set '${inputs.label('authMethod')}' to pick explicitly.`,
    );
  }
  return method;
}

function checkGuid(inputs: Inputs, value: string): string {
  if (!GUID.test(value)) {
    throw new UserError(
      `Input '${inputs.label('clientId')}' is '${value}', which is not a GUID. Use the Application (client) ID from the app registration's Overview page, e.g. 00000000-0000-0000-0000-000000000000.`,
    );
  }
  return value;
}

function readAuthority(inputs: Inputs, why: string): Authority {
  const override = inputs.get('authorityHost');
  if (override) {
    const { host, adfs } = parseAuthorityHost(override, `Input '${inputs.label('authorityHost')}'`);
    // AD FS has no tenants: the tenant input is not needed there.
    if (adfs) return { kind: 'adfs', host };
    return {
      kind: 'entra',
      host,
      tenant: checkTenant(inputs.required('tenantId', why), `Input '${inputs.label('tenantId')}'`),
    };
  }
  const tenant = checkTenant(inputs.required('tenantId', why), `Input '${inputs.label('tenantId')}'`);
  const cloud = inputs.get('cloud') || 'AzureCloud';
  const host = cloudHost(cloud);
  if (!host) {
    throw new UserError(
      `Input '${inputs.label('cloud')}' is '${cloud}'; allowed values are 'AzureCloud', 'AzureUSGovernment', 'AzureChinaCloud'. For another cloud (Azure Stack), set '${inputs.label('authorityHost')}'.`,
    );
  }
  return { kind: 'entra', host, tenant };
}
