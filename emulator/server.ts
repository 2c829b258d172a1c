// A local Microsoft Entra ID for tests and the demo: the v2.0 token endpoint with Entra's checks of secrets,
// certificate assertions and federated tokens, Entra-shaped AADSTS errors, a GitHub and an Azure DevOps OIDC
// issuer, the Azure Instance Metadata Service, a request log, and fault injection.

import { randomUUID, X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as jose from 'jose';
import { makeTlsMaterial } from './pki.js';

export interface AppRegistration {
  readonly clientId: string;
  readonly displayName?: string;
  /** Application permissions granted on every resource, issued as the `roles` claim. */
  readonly roles?: readonly string[];
  readonly secrets?: readonly { readonly value: string; readonly expired?: boolean }[];
  /** PEM certificates uploaded to the app. */
  readonly certificates?: readonly string[];
  readonly federated?: readonly FederatedCredential[];
  /** Issue opaque (non-JWT) access tokens, as some resources do. */
  readonly opaqueTokens?: boolean;
}

export interface FederatedCredential {
  readonly issuer: string;
  readonly subject: string;
  readonly audience: string;
}

export interface Tenant {
  readonly id: string;
  readonly domains?: readonly string[];
  readonly apps: readonly AppRegistration[];
}

export interface ManagedIdentities {
  /** Client ID of the VM's system-assigned identity; absent when the VM has none. */
  readonly systemAssigned?: string;
  readonly userAssigned?: readonly string[];
  readonly tenantId: string;
}

export type Endpoint = 'token' | 'discovery' | 'github-oidc' | 'ado-oidc' | 'imds' | 'other';

export type Fault =
  | { readonly kind: 'status'; readonly status: number; readonly retryAfter?: string }
  | { readonly kind: 'reset' }
  | { readonly kind: 'hang' }
  | { readonly kind: 'bad-json' }
  | { readonly kind: 'empty-200' };

export interface LoggedRequest {
  /** Milliseconds since the emulator started. */
  readonly at: number;
  readonly method: string;
  readonly path: string;
  readonly endpoint: Endpoint;
  status?: number;
  fault?: Fault['kind'];
  /** For token requests: how the client authenticated. */
  credential?: 'secret' | 'certificate' | 'federated';
  /** For certificate assertions: the signing algorithm and thumbprint header used. */
  assertion?: { alg: string; thumbprintHeader: 'x5t#S256' | 'x5t'; x5c: boolean };
}

export interface EmulatorOptions {
  readonly tenants: readonly Tenant[];
  readonly managedIdentities?: ManagedIdentities;
  /** Subject of the GitHub OIDC tokens the emulator issues. */
  readonly githubSubject?: string;
  /** Azure DevOps service connection ID → subject of its OIDC tokens. */
  readonly adoSubjects?: Readonly<Record<string, string>>;
}

const KNOWN_RESOURCES = [
  'https://graph.microsoft.com',
  'https://management.azure.com',
  // Registered with its trailing slash (Azure Resource Manager's classic identifier): without it, AADSTS500011.
  'https://management.core.windows.net/',
  'https://vault.azure.net',
  'https://storage.azure.com',
];
const SKEW_SECONDS = 300;
export const GITHUB_REQUEST_TOKEN = 'github-runtime-request-token-for-tests';
export const ADO_SYSTEM_TOKEN = 'ado-system-access-token-for-tests';

class EntraFailure extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly code: number,
    readonly text: string,
  ) {
    super(`AADSTS${code}: ${text}`);
  }
}

export class Emulator {
  readonly requests: LoggedRequest[] = [];
  /** Every OIDC token the emulated GitHub and Azure DevOps issued, for leak checks. */
  readonly issuedOidcTokens: string[] = [];
  private readonly faults = new Map<Endpoint, Fault[]>();
  /** Federated credentials added after start: they name the emulator's own issuers, known only once it listens. */
  private readonly addedFederated = new Map<string, FederatedCredential[]>();
  private readonly sockets = new Set<Socket>();
  private readonly started = Date.now();
  githubSubject: string;

  private constructor(
    private readonly options: EmulatorOptions,
    private readonly https: Server,
    private readonly imds: Server,
    private readonly signingKey: jose.CryptoKey,
    private readonly verifyingKey: jose.CryptoKey,
    readonly caFile: string,
    private readonly folder: string,
  ) {
    this.githubSubject = options.githubSubject ?? 'repo:octo-org/octo-repo:ref:refs/heads/main';
  }

  static async start(options: EmulatorOptions): Promise<Emulator> {
    const tls = makeTlsMaterial();
    const folder = mkdtempSync(join(tmpdir(), 'entra-emulator-'));
    const caFile = join(folder, 'ca.pem');
    writeFileSync(caFile, tls.caPem);
    const { privateKey, publicKey } = await jose.generateKeyPair('RS256');
    const https = createHttpsServer({ key: tls.server.keyPem, cert: tls.server.certPem });
    const imds = createHttpServer();
    const emulator = new Emulator(options, https, imds, privateKey, publicKey, caFile, folder);
    for (const server of [https, imds]) {
      server.on('connection', (socket) => {
        emulator.sockets.add(socket);
        socket.on('close', () => emulator.sockets.delete(socket));
      });
    }
    https.on('request', (req, res) => void emulator.handle(req, res));
    imds.on('request', (req, res) => void emulator.handle(req, res));
    await Promise.all(
      [https, imds].map((server) => new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))),
    );
    return emulator;
  }

  /** `https://127.0.0.1:PORT`: the authority host. */
  get url(): string {
    return `https://127.0.0.1:${(this.https.address() as AddressInfo).port}`;
  }

  /** The authority host under another name, e.g. one only the test proxy resolves. */
  urlAs(hostname: string): string {
    return this.url.replace('127.0.0.1', hostname);
  }

  /** `http://127.0.0.1:PORT`: the IMDS address, for AZURE_POD_IDENTITY_AUTHORITY_HOST. */
  get imdsUrl(): string {
    return `http://127.0.0.1:${(this.imds.address() as AddressInfo).port}`;
  }

  get githubIssuer(): string {
    return `${this.url}/github-oidc`;
  }

  get adoIssuer(): string {
    return `${this.url}/ado-oidc`;
  }

  /** The variables a GitHub runner sets for a job with `permissions: id-token: write`. */
  githubOidcEnvironment(hostname = '127.0.0.1'): Record<string, string> {
    return {
      ACTIONS_ID_TOKEN_REQUEST_URL: `${this.urlAs(hostname)}/github-oidc/token?api-version=2.0`,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: GITHUB_REQUEST_TOKEN,
    };
  }

  get adoOidcRequestUri(): string {
    return `${this.adoIssuer}/oidctoken`;
  }

  /** The next requests to `endpoint` meet these faults, one each, in order. */
  inject(endpoint: Endpoint, ...faults: Fault[]): void {
    this.faults.set(endpoint, [...(this.faults.get(endpoint) ?? []), ...faults]);
  }

  addFederatedCredential(clientId: string, credential: FederatedCredential): void {
    this.addedFederated.set(clientId, [...(this.addedFederated.get(clientId) ?? []), credential]);
  }

  clear(): void {
    this.requests.length = 0;
    this.issuedOidcTokens.length = 0;
    this.faults.clear();
  }

  count(endpoint: Endpoint): number {
    return this.requests.filter((request) => request.endpoint === endpoint).length;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await Promise.all([this.https, this.imds].map((server) => new Promise((resolve) => server.close(resolve))));
    rmSync(this.folder, { recursive: true, force: true });
  }

  /** Verifies a token this emulator issued (access or OIDC) and returns its claims. */
  async verify(token: string): Promise<jose.JWTPayload> {
    const { payload } = await jose.jwtVerify(token, this.verifyingKey);
    return payload;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://emulator');
    const endpoint = classify(
      req.method ?? 'GET',
      url.pathname,
      req.socket.localPort === (this.imds.address() as AddressInfo).port,
    );
    const entry: LoggedRequest = {
      at: Date.now() - this.started,
      method: req.method ?? '',
      path: url.pathname,
      endpoint,
    };
    this.requests.push(entry);
    const body = await readBody(req);

    const fault = this.faults.get(endpoint)?.shift();
    if (fault) {
      entry.fault = fault.kind;
      return applyFault(fault, req, res, entry);
    }
    const reply = (status: number, json: unknown, headers: Record<string, string> = {}): void => {
      entry.status = status;
      res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', ...headers });
      res.end(JSON.stringify(json));
    };
    try {
      switch (endpoint) {
        case 'token':
          return reply(
            200,
            await this.tokenEndpoint(
              url.pathname.split('/')[1]!,
              new URLSearchParams(body),
              entry,
              `https://${req.headers.host}`,
            ),
          );
        case 'github-oidc':
          return this.githubToken(req, url, reply);
        case 'ado-oidc':
          return this.adoToken(req, url, reply);
        case 'imds':
          return this.imdsToken(req, url, reply);
        case 'discovery':
          return reply(200, this.discovery(url));
        default:
          return reply(404, { error: 'not_found' });
      }
    } catch (error) {
      if (!(error instanceof EntraFailure)) throw error;
      const traceId = randomUUID();
      const correlationId = req.headers['client-request-id']?.toString() ?? randomUUID();
      const timestamp = new Date()
        .toISOString()
        .replace('T', ' ')
        .replace(/\.\d+Z$/, 'Z');
      return reply(error.status, {
        error: error.error,
        error_description: `${error.message}\r\nTrace ID: ${traceId}\r\nCorrelation ID: ${correlationId}\r\nTimestamp: ${timestamp}`,
        error_codes: [error.code],
        timestamp,
        trace_id: traceId,
        correlation_id: correlationId,
        error_uri: `${this.url}/error?code=${error.code}`,
      });
    }
  }

  private findTenant(name: string): Tenant | undefined {
    const lower = name.toLowerCase();
    return this.options.tenants.find(
      (tenant) => tenant.id === lower || tenant.domains?.some((domain) => domain.toLowerCase() === lower),
    );
  }

  /** `origin` is the address the client used: a client assertion's audience must be that token endpoint. */
  private async tokenEndpoint(
    tenantName: string,
    form: URLSearchParams,
    entry: LoggedRequest,
    origin: string,
  ): Promise<object> {
    const tenant = this.findTenant(tenantName);
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
      const claims = jose.decodeJwt(assertion);
      if (claims.iss === clientId) {
        entry.credential = 'certificate';
        await this.checkCertificateAssertion(app, assertion, tokenUrl, entry);
      } else {
        entry.credential = 'federated';
        await this.checkFederatedAssertion(app, assertion);
      }
    } else {
      throw new EntraFailure(
        401,
        'invalid_client',
        7000218,
        "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
      );
    }
    return this.issueToken(tenant.id, app, resource);
  }

  private async checkCertificateAssertion(
    app: AppRegistration,
    assertion: string,
    tokenUrl: string,
    entry: LoggedRequest,
  ): Promise<void> {
    const header = jose.decodeProtectedHeader(assertion);
    const certificates = (app.certificates ?? []).map((pem) => new X509Certificate(pem));
    const byThumbprint = (digest: 'sha256' | 'sha1', value: unknown) =>
      certificates.find(
        (certificate) =>
          Buffer.from(
            certificate[digest === 'sha256' ? 'fingerprint256' : 'fingerprint'].replace(/:/g, ''),
            'hex',
          ).toString('base64url') === value,
      );
    const thumbprintHeader = header['x5t#S256'] !== undefined ? 'x5t#S256' : 'x5t';
    const registered =
      header['x5t#S256'] !== undefined ? byThumbprint('sha256', header['x5t#S256']) : byThumbprint('sha1', header.x5t);
    entry.assertion = { alg: String(header.alg), thumbprintHeader, x5c: Array.isArray(header.x5c) };
    if (!registered) {
      throw new EntraFailure(
        401,
        'invalid_client',
        700027,
        `The certificate with identifier used to sign the client assertion is not registered on application. [Reason - The key was not found., Thumbprint of key used by client: '${String(header[thumbprintHeader] ?? '')}', Please visit the Azure Portal to see configured keys for app Id '${app.clientId}'.]`,
      );
    }
    let claims: jose.JWTPayload;
    try {
      ({ payload: claims } = await jose.jwtVerify(assertion, registered.publicKey, {
        algorithms: ['RS256', 'PS256'],
        clockTolerance: SKEW_SECONDS,
      }));
    } catch (error) {
      if (error instanceof jose.errors.JWTExpired || error instanceof jose.errors.JWTClaimValidationFailed) {
        throw new EntraFailure(401, 'invalid_client', 700024, 'Client assertion is not within its valid time range.');
      }
      throw new EntraFailure(
        401,
        'invalid_client',
        700027,
        'Client assertion failed signature validation. [Reason - The provided signature value did not match the expected signature value.]',
      );
    }
    if (claims.sub !== app.clientId) {
      throw new EntraFailure(
        401,
        'invalid_client',
        700021,
        "Client assertion application identifier doesn't match 'client_id' parameter.",
      );
    }
    if (claims.aud !== tokenUrl) {
      throw new EntraFailure(
        401,
        'invalid_client',
        50027,
        `Invalid JWT token. Token audience '${String(claims.aud)}' is not the token endpoint '${tokenUrl}'.`,
      );
    }
    if (claims.exp === undefined) {
      throw new EntraFailure(401, 'invalid_client', 700024, 'Client assertion is not within its valid time range.');
    }
  }

  private async checkFederatedAssertion(app: AppRegistration, assertion: string): Promise<void> {
    let claims: jose.JWTPayload;
    try {
      ({ payload: claims } = await jose.jwtVerify(assertion, this.verifyingKey, { clockTolerance: SKEW_SECONDS }));
    } catch (error) {
      if (error instanceof jose.errors.JWTExpired)
        throw new EntraFailure(400, 'invalid_client', 700024, 'Client assertion is not within its valid time range.');
      throw new EntraFailure(
        401,
        'invalid_client',
        50027,
        'Invalid JWT token. The federated token failed signature validation.',
      );
    }
    const see =
      'Please check your federated identity credential Subject, Audience and Issuer against the presented assertion.';
    const credentials = [...(app.federated ?? []), ...(this.addedFederated.get(app.clientId) ?? [])];
    const byIssuer = credentials.filter((credential) => credential.issuer === claims.iss);
    if (byIssuer.length === 0) {
      throw new EntraFailure(
        400,
        'invalid_client',
        700211,
        `No matching federated identity record found for presented assertion issuer '${String(claims.iss)}'. ${see}`,
      );
    }
    const bySubject = byIssuer.filter((credential) => credential.subject === claims.sub);
    if (bySubject.length === 0) {
      throw new EntraFailure(
        400,
        'invalid_client',
        700213,
        `No matching federated identity record found for presented assertion subject '${String(claims.sub)}'. ${see}`,
      );
    }
    const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
    if (!bySubject.some((credential) => audiences.includes(credential.audience))) {
      throw new EntraFailure(
        400,
        'invalid_client',
        700212,
        `No matching federated identity record found for presented assertion audience '${audiences.join(', ')}'. ${see}`,
      );
    }
  }

  private async issueToken(
    tenantId: string,
    app: Pick<AppRegistration, 'clientId' | 'displayName' | 'roles' | 'opaqueTokens'>,
    resource: string,
  ): Promise<object> {
    const lifetime = 3599;
    const accessToken = app.opaqueTokens
      ? `opaque-${randomUUID()}-${randomUUID()}`
      : await new jose.SignJWT({
          tid: tenantId,
          appid: app.clientId,
          ...(app.displayName ? { app_displayname: app.displayName } : {}),
          ...(app.roles?.length ? { roles: app.roles } : {}),
          oid: randomUUID(),
          idtyp: 'app',
          ver: '1.0',
        })
          .setProtectedHeader({ alg: 'RS256', typ: 'JWT' })
          .setAudience(resource)
          .setIssuer(`https://sts.windows.net/${tenantId}/`)
          .setSubject(randomUUID())
          .setIssuedAt()
          .setNotBefore('0s')
          .setExpirationTime(`${lifetime}s`)
          .setJti(randomUUID())
          .sign(this.signingKey);
    return { token_type: 'Bearer', expires_in: lifetime, ext_expires_in: lifetime, access_token: accessToken };
  }

  private async oidcToken(issuer: string, subject: string, audience: string, extra: object): Promise<string> {
    const token = await new jose.SignJWT({ ...extra })
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT' })
      .setIssuer(issuer)
      .setSubject(subject)
      .setAudience(audience)
      .setIssuedAt()
      .setNotBefore('0s')
      .setExpirationTime('5m')
      .setJti(randomUUID())
      .sign(this.signingKey);
    this.issuedOidcTokens.push(token);
    return token;
  }

  private async githubToken(
    req: IncomingMessage,
    url: URL,
    reply: (status: number, json: unknown) => void,
  ): Promise<void> {
    if (req.headers.authorization !== `Bearer ${GITHUB_REQUEST_TOKEN}`)
      return reply(401, { message: 'Bad credentials' });
    const audience = url.searchParams.get('audience') ?? 'https://github.com/octo-org';
    const value = await this.oidcToken(this.githubIssuer, this.githubSubject, audience, {
      repository: 'octo-org/octo-repo',
      ref: 'refs/heads/main',
    });
    return reply(200, { count: value.length, value });
  }

  private async adoToken(
    req: IncomingMessage,
    url: URL,
    reply: (status: number, json: unknown) => void,
  ): Promise<void> {
    if (req.method !== 'POST' || req.headers.authorization !== `Bearer ${ADO_SYSTEM_TOKEN}`) {
      return reply(401, { message: 'TF400813: The user is not authorized to access this resource.' });
    }
    const connection = url.searchParams.get('serviceConnectionId') ?? '';
    const subject = this.options.adoSubjects?.[connection];
    if (url.searchParams.get('api-version') !== '7.1' || !subject) {
      return reply(400, { message: `Service connection '${connection}' is not known, or the api-version is missing.` });
    }
    return reply(200, { oidcToken: await this.oidcToken(this.adoIssuer, subject, 'api://AzureADTokenExchange', {}) });
  }

  private async imdsToken(
    req: IncomingMessage,
    url: URL,
    reply: (status: number, json: unknown) => void,
  ): Promise<void> {
    const identities = this.options.managedIdentities;
    if (req.headers.metadata !== 'true')
      return reply(400, { error: 'invalid_request', error_description: 'Required metadata header not specified' });
    const resource = url.searchParams.get('resource') ?? '';
    if (!resource)
      return reply(400, { error: 'invalid_request', error_description: 'Required query variable resource is missing' });
    const requested = url.searchParams.get('client_id');
    const clientId = requested ? identities?.userAssigned?.find((id) => id === requested) : identities?.systemAssigned;
    if (!identities || !clientId)
      return reply(400, { error: 'invalid_request', error_description: 'Identity not found' });
    const token = (await this.issueToken(identities.tenantId, { clientId, roles: ['Reader'] }, resource)) as {
      access_token: string;
      expires_in: number;
    };
    const now = Math.floor(Date.now() / 1000);
    return reply(200, {
      access_token: token.access_token,
      client_id: clientId,
      expires_in: String(token.expires_in),
      expires_on: String(now + token.expires_in),
      ext_expires_in: String(token.expires_in),
      not_before: String(now),
      resource,
      token_type: 'Bearer',
    });
  }

  private discovery(url: URL): object {
    const tenant = url.pathname.split('/')[1];
    const base = `${this.url}/${tenant}`;
    return {
      token_endpoint: `${base}/oauth2/v2.0/token`,
      authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
      issuer: `${base}/v2.0`,
      jwks_uri: `${base}/discovery/v2.0/keys`,
      tenant_discovery_endpoint: `${base}/v2.0/.well-known/openid-configuration`,
      metadata: [
        {
          preferred_network: new URL(this.url).host,
          preferred_cache: new URL(this.url).host,
          aliases: [new URL(this.url).host],
        },
      ],
    };
  }
}

function classify(method: string, path: string, onImdsPort: boolean): Endpoint {
  if (onImdsPort) return path.replace(/\/$/, '') === '/metadata/identity/oauth2/token' ? 'imds' : 'other';
  if (method === 'POST' && /^\/[^/]+\/oauth2\/v2\.0\/token$/.test(path)) return 'token';
  if (path.startsWith('/github-oidc/')) return 'github-oidc';
  if (path.startsWith('/ado-oidc/')) return 'ado-oidc';
  if (path.includes('/.well-known/openid-configuration') || path.includes('/discovery/instance')) return 'discovery';
  return 'other';
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
  if (!KNOWN_RESOURCES.includes(resource) && !resource.startsWith('api://')) {
    throw new EntraFailure(
      400,
      'invalid_resource',
      500011,
      `The resource principal named ${resource} was not found in the tenant named ${tenantName}.`,
    );
  }
  return resource;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function applyFault(fault: Fault, req: IncomingMessage, res: ServerResponse, entry: LoggedRequest): void {
  switch (fault.kind) {
    case 'status':
      entry.status = fault.status;
      res.writeHead(fault.status, {
        'Content-Type': 'text/html',
        ...(fault.retryAfter ? { 'Retry-After': fault.retryAfter } : {}),
      });
      res.end(`<html><body>${fault.status} Service Unavailable</body></html>`);
      return;
    case 'reset': {
      // A TLS socket cannot send a TCP RST itself; its underlying TCP socket can.
      const tcp = (req.socket as Socket & { _parent?: Socket })._parent;
      try {
        (tcp ?? req.socket).resetAndDestroy();
      } catch {
        req.socket.destroy();
      }
      return;
    }
    case 'hang':
      return; // Never answered; close() destroys the socket.
    case 'bad-json':
      entry.status = 200;
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end('{"token_type":"Bearer","access_tok');
      return;
    case 'empty-200':
      entry.status = 200;
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end('');
      return;
  }
}
