// Gets the token with MSAL: a fresh application per attempt (MSAL throttles an instance after a 429/5xx
// without sending anything), our network client for proxies and deadlines, our retry loop around it.

import {
  type AuthenticationResult,
  ConfidentialClientApplication,
  LogLevel,
  ManagedIdentityApplication,
  type NodeAuthOptions,
  type NodeSystemOptions,
} from '@azure/msal-node';
import { authorityUrl, msalAuthorityOptions, tokenEndpoint } from './authority.js';
import { EntraError, UserError } from './errors.js';
import type { AcquiredToken, Host } from './host.js';
import { AttemptNetwork, type Outcome, RequestFailed, Transport } from './http.js';
import { type Clock, withRetries } from './retry.js';
import { registerSecret } from './secrets.js';
import type { Credential, Settings } from './settings.js';

export interface Acquisition extends AcquiredToken {
  readonly attempts: number;
  /** Requests sent, over all attempts (OIDC token requests included). */
  readonly requests: number;
  readonly elapsedMs: number;
}

/** Entra's answers when a federated token does not match any federated credential of the app. */
const FEDERATION_MISMATCH = new Set([70021, 700211, 700212, 700213, 7002138]);

export async function acquireToken(settings: Settings, host: Host, clock: Clock): Promise<Acquisition> {
  const proxy = host.proxy();
  if (proxy.kind === 'explicit' && proxy.password) registerSecret(host, proxy.password);
  const transport = new Transport(proxy, clock.now);
  const started = clock.now();
  let requests = 0;
  let lastOutcome: Outcome | undefined;
  let presentedAssertion: string | undefined;
  const target = settings.authority ? tokenEndpoint(settings.authority) : 'the managed identity endpoint';
  host.debug(
    `Token request: ${settings.credentialLabel}, scope ${settings.scope}, ${target} (${transport.route(target)}).`,
  );

  const attempt = async (deadline: number): Promise<AuthenticationResult> => {
    const network = new AttemptNetwork(transport, deadline, clock.now, settings.credential.kind === 'managed-identity');
    try {
      const result = await requestToken(settings, network, host, (assertion) => (presentedAssertion = assertion));
      if (!result?.accessToken)
        throw new RequestFailed({ kind: 'transient', reason: 'the answer held no access token' });
      return result;
    } catch (error) {
      lastOutcome = error instanceof RequestFailed ? error.outcome : network.outcome;
      throw error;
    } finally {
      requests += network.requests;
    }
  };

  const classify = (error: unknown) => {
    const outcome = error instanceof RequestFailed ? error.outcome : lastOutcome;
    if (outcome?.kind === 'transient') return outcome;
    if (outcome?.kind === 'rejected') throw serviceError(outcome, settings.credential, presentedAssertion);
    if (outcome?.kind === 'fatal') throw new UserError(outcome.reason);
    return undefined;
  };

  const { value, attempts } = await withRetries(attempt, classify, {
    timeoutMs: settings.timeoutMs,
    what: `a token from ${settings.authority ? new URL(settings.authority.host).host : 'the managed identity endpoint'}`,
    clock,
    log: (message) => host.debug(message),
  });
  return {
    accessToken: value.accessToken,
    // MSAL always sets it for client credentials; the fallback is Entra's usual hour.
    expiresOn: value.expiresOn ?? new Date(clock.now() + 3600_000),
    tokenType: 'Bearer',
    attempts,
    requests,
    elapsedMs: clock.now() - started,
  };
}

function requestToken(
  settings: Settings,
  network: AttemptNetwork,
  host: Host,
  onAssertion: (assertion: string) => void,
): Promise<AuthenticationResult | null> {
  const system: NodeSystemOptions = {
    networkClient: network,
    disableInternalRetries: true,
    loggerOptions: {
      logLevel: LogLevel.Error,
      piiLoggingEnabled: false,
      loggerCallback: (_level, message) => host.debug(`MSAL: ${message}`),
    },
  };
  const { credential } = settings;
  if (credential.kind === 'managed-identity') {
    const app = new ManagedIdentityApplication({
      managedIdentityIdParams: settings.clientId ? { userAssignedClientId: settings.clientId } : undefined,
      system,
    });
    return app.acquireToken({ resource: settings.scope.replace(/\/\.default$/, '') });
  }
  const authority = settings.authority!;
  const auth: NodeAuthOptions = {
    clientId: settings.clientId,
    authority: authorityUrl(authority),
    ...msalAuthorityOptions(authority),
    ...credentialOptions(credential, network, host, onAssertion),
  };
  const app = new ConfidentialClientApplication({ auth, system });
  return app.acquireTokenByClientCredential({ scopes: [settings.scope], skipCache: true });
}

function credentialOptions(
  credential: Exclude<Credential, { kind: 'managed-identity' }>,
  network: AttemptNetwork,
  host: Host,
  onAssertion: (assertion: string) => void,
): Partial<NodeAuthOptions> {
  switch (credential.kind) {
    case 'secret':
      return { clientSecret: credential.clientSecret };
    case 'certificate':
      return {
        clientCertificate: {
          thumbprintSha256: credential.certificate.thumbprintSha256,
          privateKey: credential.certificate.privateKey,
          x5c: credential.certificate.x5c,
        },
      };
    case 'federated':
      // Fetched inside the callback, right before the exchange: these tokens live only minutes.
      return {
        clientAssertion: async () => {
          const assertion = await network.oidcToken(credential.oidc);
          host.setSecret(assertion);
          onAssertion(assertion);
          return assertion;
        },
      };
  }
}

function serviceError(
  outcome: Extract<Outcome, { kind: 'rejected' }>,
  credential: Credential,
  assertion?: string,
): EntraError {
  const { body } = outcome;
  const aadsts = body.error_codes?.[0];
  const description = (body.error_description ?? `HTTP ${outcome.status}`).split(/\r?\n/)[0]!.trim();
  const common = {
    aadsts,
    errorCode: body.error ?? `http_${outcome.status}`,
    description,
    correlationId: body.correlation_id,
  };
  if (credential.kind === 'managed-identity') {
    return new EntraError({
      ...common,
      who: 'The managed identity endpoint (IMDS) refused the token request',
      hints: [
        'Hint: the VM or scale set must have this identity assigned: a system-assigned one, or the user-assigned one whose client ID you gave. Managed identity works only on Azure machines.',
      ],
    });
  }
  const mismatch = credential.kind === 'federated' && aadsts !== undefined && FEDERATION_MISMATCH.has(aadsts);
  return new EntraError({
    ...common,
    who: 'Entra ID refused the token request',
    hints: mismatch && assertion ? federationHints(assertion) : [],
  });
}

/** What the presented token claimed, beside what a federated credential can match: users lose hours here. */
export function federationHints(assertion: string): string[] {
  const claims = decodeJwtPayload(assertion);
  if (!claims) return [];
  const show = (name: string): string => JSON.stringify(claims[name] ?? null);
  return [
    `The presented token claims: iss ${show('iss')}, sub ${show('sub')}, aud ${show('aud')}.`,
    'A federated credential on the app registration must match all three exactly (case-sensitive). Subjects GitHub issues look like:',
    '  repo:OWNER/REPO:ref:refs/heads/BRANCH   repo:OWNER/REPO:environment:NAME',
    '  repo:OWNER/REPO:pull_request            repo:OWNER/REPO:ref:refs/tags/TAG',
    'Azure DevOps subjects look like sc://ORGANIZATION/PROJECT/SERVICE-CONNECTION.',
  ];
}

/** Reads a JWT's claims without verifying it: they are for diagnosis and display only. */
export function decodeJwtPayload(token: string): Record<string, unknown> | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  try {
    const claims: unknown = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8'));
    return claims !== null && typeof claims === 'object' ? (claims as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
