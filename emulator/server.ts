// A local Microsoft Entra ID for tests and the demo, on loopback HTTPS with a CA made at start: Entra's v2.0 token
// endpoint, a GitHub and an Azure DevOps OIDC issuer, AD FS (optional), and, on a plain HTTP port, the Azure
// Instance Metadata Service. This file is the server: routing, the request log, and fault injection.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as jose from 'jose';
import { adfsDiscovery, adfsTokenEndpoint, type AdfsOptions } from './adfs.js';
import type { FederatedCredential, ManagedIdentities, Tenant } from './directory.js';
import { entraDiscovery, entraTokenEndpoint, type EntraDirectory } from './entra-token-endpoint.js';
import { applyFault, type Fault } from './faults.js';
import { readBody, type Answer, type Endpoint, type LoggedRequest } from './http.js';
import { imdsToken } from './imds.js';
import { GITHUB_REQUEST_TOKEN, OidcIssuers } from './oidc-issuers.js';
import { makeTlsMaterial } from './pki.js';
import { Signer } from './signer.js';

export type { AdfsOptions } from './adfs.js';
export type { AppRegistration, FederatedCredential, ManagedIdentities, Tenant } from './directory.js';
export type { Fault } from './faults.js';
export type { Answer, Endpoint, LoggedRequest } from './http.js';
export { ADO_SYSTEM_TOKEN, DEFAULT_OIDC_LIFETIME_SECONDS, GITHUB_REQUEST_TOKEN } from './oidc-issuers.js';

export interface EmulatorOptions {
  readonly tenants: readonly Tenant[];
  readonly managedIdentities?: ManagedIdentities;
  /** Subject of the GitHub OIDC tokens the emulator issues. */
  readonly githubSubject?: string;
  /** Azure DevOps service connection ID → subject of its OIDC tokens. */
  readonly adoSubjects?: Readonly<Record<string, string>>;
  /** Serve an AD FS authority at `<url>/adfs` with these apps. */
  readonly adfs?: AdfsOptions;
}

export class Emulator {
  readonly requests: LoggedRequest[] = [];
  /** Subject of the GitHub OIDC tokens issued from now on. */
  githubSubject: string;
  private readonly faults = new Map<Endpoint, Fault[]>();
  /** Federated credentials added after start: they name the emulator's own issuers, known only once it listens. */
  private readonly addedFederated = new Map<string, FederatedCredential[]>();
  private readonly sockets = new Set<Socket>();
  private readonly started = Date.now();
  private readonly oidc: OidcIssuers;

  private constructor(
    private readonly options: EmulatorOptions,
    private readonly https: Server,
    private readonly imds: Server,
    private readonly signer: Signer,
    readonly caFile: string,
    private readonly folder: string,
  ) {
    this.githubSubject = options.githubSubject ?? 'repo:octo-org/octo-repo:ref:refs/heads/main';
    this.oidc = new OidcIssuers(signer);
  }

  static async start(options: EmulatorOptions): Promise<Emulator> {
    const tls = makeTlsMaterial();
    const folder = mkdtempSync(join(tmpdir(), 'entra-emulator-'));
    const caFile = join(folder, 'ca.pem');
    writeFileSync(caFile, tls.caPem);
    const https = createHttpsServer({ key: tls.server.keyPem, cert: tls.server.certPem });
    const imds = createHttpServer();
    const emulator = new Emulator(options, https, imds, await Signer.create(), caFile, folder);
    for (const server of [https, imds]) {
      server.on('connection', (socket) => {
        emulator.sockets.add(socket);
        socket.on('close', () => emulator.sockets.delete(socket));
      });
      server.on('request', (req, res) => void emulator.handle(req, res));
    }
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

  /** Every OIDC token the emulated GitHub and Azure DevOps issued, for leak checks. */
  get issuedOidcTokens(): string[] {
    return this.oidc.issued;
  }

  /** How long the OIDC tokens issued from now on are valid (default 600 s). */
  get oidcLifetimeSeconds(): number {
    return this.oidc.lifetimeSeconds;
  }

  set oidcLifetimeSeconds(seconds: number) {
    this.oidc.lifetimeSeconds = seconds;
  }

  /**
   * Expires every OIDC token issued so far, as if their lifetime had passed: Entra then refuses them with
   * AADSTS700024, and tokens issued afterwards are valid. Access tokens and certificate assertions are unaffected.
   */
  expireIssuedOidcTokens(): void {
    this.oidc.expireIssued();
  }

  /** The next requests to `endpoint` meet these faults, one each, in order. */
  inject(endpoint: Endpoint, ...faults: Fault[]): void {
    this.faults.set(endpoint, [...(this.faults.get(endpoint) ?? []), ...faults]);
  }

  addFederatedCredential(clientId: string, credential: FederatedCredential): void {
    this.addedFederated.set(clientId, [...(this.addedFederated.get(clientId) ?? []), credential]);
  }

  /** Forgets the request log, the OIDC tokens issued and the faults not yet met. */
  clear(): void {
    this.requests.length = 0;
    this.oidc.issued.length = 0;
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
    // OIDC tokens are stamped by the issuers' clock, which expireIssuedOidcTokens() moves ahead of real time.
    const { iss } = jose.decodeJwt(token);
    const ownClock = iss === this.githubIssuer || iss === this.adoIssuer;
    return this.signer.verify(token, ownClock ? { currentDate: this.oidc.now() } : {});
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://emulator');
    const onImdsPort = req.socket.localPort === (this.imds.address() as AddressInfo).port;
    const entry: LoggedRequest = {
      at: Date.now() - this.started,
      method: req.method ?? '',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      endpoint: classify(req.method ?? 'GET', url.pathname, onImdsPort),
    };
    this.requests.push(entry);
    const body = await readBody(req);

    const fault = this.faults.get(entry.endpoint)?.shift();
    if (fault) {
      entry.fault = fault.kind;
      return applyFault(fault, req, res, entry);
    }
    const answer = await this.answer(entry, req, url, body);
    entry.status = answer.status;
    res.writeHead(answer.status, { 'Content-Type': 'application/json; charset=utf-8', ...answer.headers });
    res.end(JSON.stringify(answer.body));
  }

  private answer(entry: LoggedRequest, req: IncomingMessage, url: URL, body: string): Promise<Answer> | Answer {
    // Token endpoints judge an assertion's audience by the address the client used, which may be a proxy-only name.
    const origin = `https://${req.headers.host}`;
    switch (entry.endpoint) {
      case 'token':
        return entraTokenEndpoint(
          this.entraDirectory(),
          {
            tenantName: url.pathname.split('/')[1]!,
            form: new URLSearchParams(body),
            origin,
            correlationId: req.headers['client-request-id']?.toString(),
          },
          entry,
        );
      case 'adfs-token':
        return this.options.adfs
          ? adfsTokenEndpoint(this.options.adfs, new URLSearchParams(body), origin, entry, this.signer)
          : notFound;
      case 'github-oidc':
        return this.oidc.github(req, url, this.githubIssuer, this.githubSubject);
      case 'ado-oidc':
        return this.oidc.azureDevOps(req, url, this.adoIssuer, this.options.adoSubjects ?? {});
      case 'imds':
        return imdsToken(req, url, this.options.managedIdentities, this.signer);
      case 'discovery':
        if (!url.pathname.startsWith('/adfs/')) return { status: 200, body: entraDiscovery(url.pathname, this.url) };
        return this.options.adfs ? { status: 200, body: adfsDiscovery(origin) } : notFound;
      default:
        return notFound;
    }
  }

  private entraDirectory(): EntraDirectory {
    return {
      tenants: this.options.tenants,
      signer: this.signer,
      federatedCredentials: (app) => [...(app.federated ?? []), ...(this.addedFederated.get(app.clientId) ?? [])],
      federationNow: () => this.oidc.now(),
      authority: this.url,
    };
  }
}

const notFound: Answer = { status: 404, body: { error: 'not_found' } };

function classify(method: string, path: string, onImdsPort: boolean): Endpoint {
  if (onImdsPort) return path.replace(/\/$/, '') === '/metadata/identity/oauth2/token' ? 'imds' : 'other';
  if (method === 'POST' && /^\/adfs\/oauth2\/token\/?$/.test(path)) return 'adfs-token';
  if (method === 'POST' && /^\/[^/]+\/oauth2\/v2\.0\/token$/.test(path)) return 'token';
  if (path.startsWith('/github-oidc/')) return 'github-oidc';
  if (path.startsWith('/ado-oidc/')) return 'ado-oidc';
  if (path.includes('/.well-known/openid-configuration') || path.includes('/discovery/instance')) return 'discovery';
  return 'other';
}
