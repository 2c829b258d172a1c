// Reads the step's inputs into one validated Settings object. Every error names the input as the user
// wrote it, says what is wrong with the value and what is allowed. Secrets are masked the moment they are read.

import { CLOUD_HOSTS, type Authority } from './authority.js';
import { loadCertificate, type ClientCertificate } from './certificate.js';
import { UserError } from './errors.js';
import type { AuthMethod, Host, InputKey, OidcTokenRequest, ServiceEndpoint } from './host.js';
import { registerSecret } from './secrets.js';

export type Credential =
  | { readonly kind: 'secret'; readonly clientSecret: string }
  | { readonly kind: 'certificate'; readonly certificate: ClientCertificate }
  | { readonly kind: 'federated'; readonly oidc: OidcTokenRequest }
  | { readonly kind: 'managed-identity' };

export interface Settings {
  readonly credential: Credential;
  /** What the summary calls the credential, e.g. "certificate (service connection my-conn)". */
  readonly credentialLabel: string;
  /** Application (client) ID; for managed identity, the user-assigned identity's, or '' for system-assigned. */
  readonly clientId: string;
  /** Absent for managed identity, which asks the VM's metadata service instead. */
  readonly authority?: Authority;
  /** Always `<resource>/.default`. */
  readonly scope: string;
  readonly timeoutMs: number;
  readonly variableName?: string;
}

export const DEFAULT_SCOPE = 'https://graph.microsoft.com/.default';
const DEFAULT_TIMEOUT_SECONDS = 60;
/** An hour: far past any useful wait for one token, and well inside what timers hold. */
export const MAX_TIMEOUT_SECONDS = 3600;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DOMAIN = /^(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_.]*$/;

/** Reads inputs by logical key, naming them the host's way in errors. */
class Inputs {
  constructor(private readonly host: Host) {}

  label(key: InputKey): string {
    return this.host.inputNames[key] ?? key;
  }

  get(key: InputKey): string {
    return this.host.inputNames[key] === undefined ? '' : this.host.input(key).trim();
  }

  /** Reads a secret input and masks it before anything else can see it. */
  secret(key: InputKey): string {
    const value = this.host.inputNames[key] === undefined ? '' : this.host.input(key);
    registerSecret(this.host, value);
    return value.trim();
  }

  required(key: InputKey, why: string): string {
    const value = this.get(key);
    if (!value) throw new UserError(`Input '${this.label(key)}' is required ${why}.`);
    return value;
  }

  boolean(key: InputKey): boolean {
    const value = this.get(key).toLowerCase();
    if (value === '' || value === 'false') return false;
    if (value === 'true') return true;
    throw new UserError(`Input '${this.label(key)}' is '${this.get(key)}'; allowed values are 'true' and 'false'.`);
  }
}

export function readSettings(host: Host): Settings {
  const inputs = new Inputs(host);
  // Mask every secret input first, whatever method is chosen: a later error must not be able to print one.
  const secrets = {
    clientSecret: inputs.secret('clientSecret'),
    certificate: inputs.secret('certificate'),
    privateKey: inputs.secret('privateKey'),
    certificatePassword: inputs.secret('certificatePassword'),
  };
  const method = readMethod(inputs, host, secrets);
  const common = {
    scope: readScope(inputs),
    timeoutMs: readTimeout(inputs),
    variableName: readVariableName(inputs),
  };

  if (method === 'service-connection') return { ...common, ...readServiceConnection(inputs, host) };

  if (method === 'managed-identity') {
    const clientId = inputs.get('clientId');
    if (clientId) checkGuid(inputs, 'clientId', clientId);
    return {
      ...common,
      credential: { kind: 'managed-identity' },
      credentialLabel: clientId ? 'managed identity (user-assigned)' : 'managed identity (system-assigned)',
      clientId,
    };
  }

  const why = 'to get a token with an app registration';
  const clientId = checkGuid(inputs, 'clientId', inputs.required('clientId', why));
  const authority = {
    host: inputs.get('authorityHost') ? readAuthorityHost(inputs) : readCloud(inputs),
    tenant: readTenant(inputs, inputs.required('tenantId', why)),
  };
  switch (method) {
    case 'secret':
      return {
        ...common,
        clientId,
        authority,
        credential: { kind: 'secret', clientSecret: secrets.clientSecret },
        credentialLabel: 'client secret',
      };
    case 'certificate':
      return {
        ...common,
        clientId,
        authority,
        credential: { kind: 'certificate', certificate: readCertificateInputs(inputs, host, secrets) },
        credentialLabel: 'certificate',
      };
    case 'oidc':
      return {
        ...common,
        clientId,
        authority,
        credential: { kind: 'federated', oidc: readOidcRequest(inputs, host) },
        credentialLabel: 'federated (GitHub OIDC)',
      };
  }
}

type SecretInputs = Readonly<Record<'clientSecret' | 'certificate' | 'privateKey' | 'certificatePassword', string>>;

/** Resolves `auto` and checks that the chosen method has its credential; warns about inputs it ignores. */
function readMethod(inputs: Inputs, host: Host, secrets: SecretInputs): Exclude<AuthMethod, 'auto'> {
  const raw = inputs.get('authMethod') || Object.keys(host.authMethods)[0]!;
  const entry = Object.entries(host.authMethods).find(([name]) => name.toLowerCase() === raw.toLowerCase());
  if (!entry) {
    const allowed = Object.keys(host.authMethods).join("', '");
    throw new UserError(`Input '${inputs.label('authMethod')}' is '${raw}'; allowed values are '${allowed}'.`);
  }
  const chosen = entry[1];
  const method =
    chosen !== 'auto' ? chosen : secrets.clientSecret ? 'secret' : secrets.certificate ? 'certificate' : 'oidc';

  const given = {
    secret: secrets.clientSecret !== '',
    certificate: secrets.certificate !== '',
  };
  if (method === 'secret' && !given.secret) {
    throw new UserError(
      `Input '${inputs.label('clientSecret')}' is empty, but '${inputs.label('authMethod')}' is '${raw}'. Pass the client secret's value (from a secret store), or choose another method.`,
    );
  }
  if (method === 'certificate' && !given.certificate) {
    throw new UserError(
      `Input '${inputs.label('certificate')}' is empty, but '${inputs.label('authMethod')}' is '${raw}'. Pass the certificate as PEM text, base64 PFX, or a file path.`,
    );
  }
  // The chosen method's credential wins; say so rather than silently dropping the other one.
  const ignored = (['secret', 'certificate'] as const)
    .filter((kind) => given[kind] && kind !== method)
    .map((kind) => `'${inputs.label(kind === 'secret' ? 'clientSecret' : 'certificate')}'`);
  if (ignored.length > 0) {
    host.warning(
      `Using the ${describeMethod(method)}; ignoring ${ignored.join(' and ')}. Remove what you do not use, or set '${inputs.label('authMethod')}' to pick explicitly.`,
    );
  }
  return method;
}

function describeMethod(method: Exclude<AuthMethod, 'auto'>): string {
  const words: Record<typeof method, string> = {
    secret: 'client secret',
    certificate: 'certificate',
    oidc: 'federated OIDC token',
    'managed-identity': 'managed identity',
    'service-connection': 'service connection',
  };
  return words[method];
}

function checkGuid(inputs: Inputs, key: InputKey, value: string): string {
  if (!GUID.test(value)) {
    throw new UserError(
      `Input '${inputs.label(key)}' is '${value}', which is not a GUID. Use the Application (client) ID from the app registration's Overview page, e.g. 00000000-0000-0000-0000-000000000000.`,
    );
  }
  return value;
}

function readTenant(inputs: Inputs, value: string): string {
  if (['common', 'organizations', 'consumers'].includes(value.toLowerCase())) {
    throw new UserError(
      `Input '${inputs.label('tenantId')}' is '${value}'; client credentials need a specific tenant. Use the Directory (tenant) ID GUID or a domain such as contoso.onmicrosoft.com.`,
    );
  }
  if (!GUID.test(value) && !DOMAIN.test(value)) {
    throw new UserError(
      `Input '${inputs.label('tenantId')}' is '${value}', which is neither a GUID nor a domain name. Use the Directory (tenant) ID or a domain such as contoso.onmicrosoft.com.`,
    );
  }
  return value;
}

/** What a resource identifier may hold: URI characters, without a fragment or brackets (`#`, `[`, `]`). */
const SCOPE_CHARACTERS = /^[A-Za-z0-9\-._~:/?@!$&'()*+,;=%]+$/;

/**
 * Client credentials only accept `<resource>/.default`. A bare resource gets `/.default` appended, exactly as
 * written (a trailing slash is kept: `https://management.core.windows.net/` names a different resource without
 * it); a delegated permission (`…/User.Read.All`) would fail at Entra with AADSTS70011, so it is refused here.
 */
export function normalizeScope(raw: string, label: string): string {
  const value = raw.trim() || DEFAULT_SCOPE;
  if (/[\s,]/.test(value)) {
    throw new UserError(
      `Input '${label}' holds several scopes or white space. Client credentials get a token for one resource at a time: use one '<resource>/.default' per step.`,
    );
  }
  if (!SCOPE_CHARACTERS.test(value)) {
    throw new UserError(
      `Input '${label}' holds characters a resource URI cannot ('#', '[', ']', quotes, '<', '>', '\\' and the like). Use '<resource>/.default', e.g. https://graph.microsoft.com/.default or api://<app-id>/.default.`,
    );
  }
  if (value.endsWith('/.default')) return value;
  let resource: URL | undefined;
  try {
    resource = new URL(value);
  } catch {
    // Not a URL: a bare application ID URI such as a GUID is still a resource.
  }
  const path = resource?.pathname.replace(/\/+$/, '') ?? '';
  const isBareResource = !resource || resource.protocol === 'api:' || path === '';
  if (isBareResource) return `${value}/.default`;
  const lastSegment = path.slice(path.lastIndexOf('/') + 1);
  if (/^[A-Za-z]+(\.[A-Za-z]+)+$/.test(lastSegment) && !value.endsWith('/')) {
    const base = value.slice(0, value.length - lastSegment.length).replace(/\/+$/, '');
    throw new UserError(
      `Input '${label}' is '${value}', a delegated permission. Client credentials cannot ask for single permissions: use '${base}/.default', and grant '${lastSegment}' to the app as an application permission (with admin consent).`,
    );
  }
  // A resource with a path, e.g. https://contoso.com/api: the resource itself.
  return `${value}/.default`;
}

function readScope(inputs: Inputs): string {
  return normalizeScope(inputs.get('scope'), inputs.label('scope'));
}

function readTimeout(inputs: Inputs): number {
  const raw = inputs.get('timeoutSeconds');
  if (!raw) return DEFAULT_TIMEOUT_SECONDS * 1000;
  const seconds = Number(raw);
  if (!/^\d+(\.\d+)?$/.test(raw) || !Number.isFinite(seconds) || seconds < 1 || seconds > MAX_TIMEOUT_SECONDS) {
    throw new UserError(
      `Input '${inputs.label('timeoutSeconds')}' is '${raw}'; it must be a number of seconds from 1 to ${MAX_TIMEOUT_SECONDS}, e.g. 60 or 2.5.`,
    );
  }
  // Whole milliseconds: timers and AbortSignal.timeout take integers only.
  return Math.round(seconds * 1000);
}

function readVariableName(inputs: Inputs): string | undefined {
  const value = inputs.get('variableName');
  if (!value) return undefined;
  if (!VARIABLE_NAME.test(value)) {
    throw new UserError(
      `Input '${inputs.label('variableName')}' is '${value}'; a variable name holds letters, digits and '_' (Azure Pipelines also '.'), and does not start with a digit.`,
    );
  }
  return value;
}

function readCloud(inputs: Inputs): string {
  const raw = inputs.get('cloud') || 'AzureCloud';
  const match = Object.keys(CLOUD_HOSTS).find((name) => name.toLowerCase() === raw.toLowerCase());
  if (!match) {
    throw new UserError(
      `Input '${inputs.label('cloud')}' is '${raw}'; allowed values are '${Object.keys(CLOUD_HOSTS).join("', '")}'. For another cloud (Azure Stack), set '${inputs.label('authorityHost')}'.`,
    );
  }
  return CLOUD_HOSTS[match]!;
}

function readAuthorityHost(inputs: Inputs): string {
  return checkAuthorityHost(inputs.get('authorityHost'), `Input '${inputs.label('authorityHost')}'`);
}

/** An authority host is `https://host[:port]`: anything else would send the credential in clear or to a wrong place. */
export function checkAuthorityHost(raw: string, what: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UserError(
      `${what} is '${raw}', which is not a URL. Use https://<host>, e.g. https://login.microsoftonline.com.`,
    );
  }
  if (url.protocol !== 'https:') {
    throw new UserError(
      `${what} is '${raw}'; only https:// is allowed, as the request carries the credential. Use https://${url.host}.`,
    );
  }
  if (url.pathname !== '/' || url.search || url.hash || url.username || url.password) {
    throw new UserError(
      `${what} is '${raw}'; give the host alone, without a path or tenant, e.g. https://${url.host}.`,
    );
  }
  return url.origin;
}

function readCertificateInputs(inputs: Inputs, host: Host, secrets: SecretInputs): ClientCertificate {
  return loadCertificate(
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
    host,
  );
}

function readOidcRequest(inputs: Inputs, host: Host, serviceConnectionId?: string): OidcTokenRequest {
  const audience = inputs.get('audience') || 'api://AzureADTokenExchange';
  const request = host.oidcTokenRequest(audience, serviceConnectionId);
  if (typeof request === 'string') throw new UserError(request);
  registerSecret(host, request.bearer);
  return request;
}

/** Azure Resource Manager service connection: its scheme decides the credential. */
function readServiceConnection(
  inputs: Inputs,
  host: Host,
): Pick<Settings, 'credential' | 'credentialLabel' | 'clientId' | 'authority'> {
  const label = inputs.label('serviceConnection');
  const id = inputs.required('serviceConnection', "with authenticationMethod 'serviceConnection'");
  const endpoint = host.serviceEndpoint?.(id);
  if (!endpoint) {
    throw new UserError(
      `Input '${label}': the agent passed no service connection '${id}' to this step. Check the connection's name or ID, and that this pipeline is authorised to use it.`,
    );
  }
  const auth = (name: string): string => {
    const value = endpoint.authParameter(name);
    if (!value) {
      throw new UserError(
        `Service connection '${id}' (input '${label}') has no '${name}'. Edit the connection and complete it.`,
      );
    }
    return value;
  };
  const scheme = endpoint.scheme.toLowerCase();
  const named = (kind: string): string => `${kind}, service connection ${id}`;

  if (scheme === 'managedserviceidentity') {
    return { credential: { kind: 'managed-identity' }, credentialLabel: named('managed identity'), clientId: '' };
  }
  const clientId = auth('serviceprincipalid');
  const authority = {
    host: inputs.get('authorityHost') ? readAuthorityHost(inputs) : serviceConnectionAuthorityHost(endpoint),
    tenant: auth('tenantid'),
  };
  if (scheme === 'workloadidentityfederation') {
    return {
      clientId,
      authority,
      credential: { kind: 'federated', oidc: readOidcRequest(inputs, host, endpoint.id) },
      credentialLabel: named('workload identity federation'),
    };
  }
  if (scheme === 'serviceprincipal') {
    const authenticationType = (endpoint.authParameter('authenticationType') || 'spnKey').toLowerCase();
    if (authenticationType === 'spncertificate') {
      const pem = auth('servicePrincipalCertificate');
      registerSecret(host, pem);
      const certificate = loadCertificate(
        { certificate: pem, privateKey: '', password: '', sendChain: inputs.boolean('sendCertificateChain') },
        { certificate: `${label} certificate`, privateKey: `${label} certificate`, password: `${label} certificate` },
        host,
      );
      return {
        clientId,
        authority,
        credential: { kind: 'certificate', certificate },
        credentialLabel: named('certificate'),
      };
    }
    const clientSecret = auth('serviceprincipalkey');
    registerSecret(host, clientSecret);
    return {
      clientId,
      authority,
      credential: { kind: 'secret', clientSecret },
      credentialLabel: named('client secret'),
    };
  }
  throw new UserError(
    `Service connection '${id}' (input '${label}') uses the scheme '${endpoint.scheme}'; supported are ServicePrincipal, WorkloadIdentityFederation and ManagedServiceIdentity.`,
  );
}

/** The connection's own authority: `activeDirectoryAuthority`, else `environmentAuthorityUrl`, else its cloud. */
function serviceConnectionAuthorityHost(endpoint: ServiceEndpoint): string {
  const what = `Service connection '${endpoint.id}' authority`;
  for (const key of ['activeDirectoryAuthority', 'environmentAuthorityUrl']) {
    const value = endpoint.dataParameter(key);
    if (value) return checkAuthorityHost(value, what);
  }
  const environment = endpoint.dataParameter('environment') || 'AzureCloud';
  const match = Object.keys(CLOUD_HOSTS).find((name) => name.toLowerCase() === environment.toLowerCase());
  if (!match) {
    throw new UserError(
      `${what}: the connection's environment '${environment}' has no known authority host. Set the 'authorityHost' input.`,
    );
  }
  return CLOUD_HOSTS[match]!;
}
