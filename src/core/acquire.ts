// Gets the token with MSAL: a fresh application and a fresh transport per attempt (MSAL throttles an instance
// after a 429/5xx without sending anything), our network client for proxies and deadlines, our retry loop around it.
// Data flows one way: each attempt returns a result or throws an AttemptFailed that says what happened.

import {
  type AuthenticationResult,
  ConfidentialClientApplication,
  type INetworkModule,
  LogLevel,
  ManagedIdentityApplication,
  type NetworkRequestOptions,
  type NodeAuthOptions,
  type NodeSystemOptions,
} from '@azure/msal-node';
import { authorityUrl, msalAuthorityOptions, tokenEndpoint } from './authority.js';
import type { Credential } from './credential.js';
import { serviceError, UserError } from './errors.js';
import type { AcquiredToken, Logger } from './host.js';
import { type Clock, withRetries } from './retry.js';
import type { Settings } from './settings.js';
import { AttemptNetwork, federatedToken } from './token-network.js';
import { AttemptFailed, type HttpTransport, type OpenTransport, Transport } from './transport.js';

export interface Acquisition extends AcquiredToken {
  readonly attempts: number;
  /** Requests sent, over all attempts (federated token requests included). */
  readonly requests: number;
  readonly elapsedMs: number;
}

export interface AcquireOptions {
  readonly log: Logger;
  /** Registers a secret the acquisition obtains (a federated token) with the host's masking. */
  readonly mask: (secret: string) => void;
  readonly clock: Clock;
  /** How each attempt opens its connections; tests pass a fake. */
  readonly openTransport?: OpenTransport;
}

const openTransport: OpenTransport = (network, deadline, now) => new Transport(network, deadline, now);

type Request = Pick<Settings, 'credential' | 'clientId' | 'authority' | 'scope' | 'timeoutMs' | 'network'> & {
  readonly credentialLabel: string;
};

export async function acquireToken(settings: Request, options: AcquireOptions): Promise<Acquisition> {
  const { clock, log } = options;
  const started = clock.now();
  const target = settings.authority ? tokenEndpoint(settings.authority) : 'the managed identity endpoint (IMDS)';
  let requests = 0;

  const attempt = async (deadline: number): Promise<AuthenticationResult> => {
    const transport = (options.openTransport ?? openTransport)(settings.network, deadline, clock.now);
    if (requests === 0) {
      log.debug(
        `Token request: ${settings.credentialLabel}, scope ${settings.scope}, ${target} (${transport.route(target, !settings.authority)}).`,
      );
    }
    try {
      return await requestToken(settings, transport, options);
    } finally {
      requests += transport.requests;
      await transport.close();
    }
  };

  const { value, attempts } = await withRetries(attempt, classify, {
    timeoutMs: settings.timeoutMs,
    what: `a token from ${settings.authority ? new URL(settings.authority.host).host : 'the managed identity endpoint'}`,
    clock,
    log: (message) => log.debug(message),
  });
  if (!value.expiresOn || value.expiresOn.getTime() <= clock.now()) {
    throw new UserError('The token answer held no expiry in the future. The token was not used.');
  }
  return {
    accessToken: value.accessToken,
    expiresOn: value.expiresOn,
    tokenType: 'Bearer',
    attempts,
    requests,
    elapsedMs: clock.now() - started,
  };
}

/** Transient failures are retried; a refusal or a fatal problem ends the step; anything else is MSAL's own error. */
function classify(error: unknown) {
  if (!AttemptFailed.is(error)) return undefined;
  const { outcome } = error;
  if (outcome.kind === 'transient') return outcome;
  if (outcome.kind === 'rejected') throw serviceError(outcome.status, outcome.body, outcome.source, outcome.presented);
  throw new UserError(outcome.reason);
}

async function requestToken(settings: Request, transport: HttpTransport, options: AcquireOptions) {
  const system = (networkClient: INetworkModule): NodeSystemOptions => ({
    networkClient,
    disableInternalRetries: true,
    loggerOptions: {
      logLevel: LogLevel.Error,
      piiLoggingEnabled: false,
      loggerCallback: (_level, message) => options.log.debug(`MSAL: ${message}`),
    },
  });
  const { credential } = settings;
  if (credential.kind === 'managed-identity') {
    const network = new AttemptNetwork(transport, 'managed-identity', options.clock.now);
    managedIdentityNetwork.current = network;
    try {
      const app = new ManagedIdentityApplication({
        managedIdentityIdParams: settings.clientId ? { userAssignedClientId: settings.clientId } : undefined,
        system: system(managedIdentityNetwork),
      });
      return await app.acquireToken({ resource: settings.scope.replace(/\/\.default$/, ''), forceRefresh: true });
    } finally {
      managedIdentityNetwork.current = undefined;
    }
  }
  const authority = settings.authority!;
  const auth: NodeAuthOptions = {
    clientId: settings.clientId,
    authority: authorityUrl(authority),
    ...msalAuthorityOptions(authority),
    ...credentialOptions(credential, transport, options.mask),
  };
  const app = new ConfidentialClientApplication({
    auth,
    system: system(new AttemptNetwork(transport, 'entra', options.clock.now)),
  });
  const result = await app.acquireTokenByClientCredential({ scopes: [settings.scope], skipCache: true });
  if (!result) throw new AttemptFailed({ kind: 'transient', reason: 'MSAL returned no token' });
  return result;
}

function credentialOptions(
  credential: Exclude<Credential, { kind: 'managed-identity' }>,
  transport: HttpTransport,
  mask: (secret: string) => void,
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
          const assertion = await federatedToken(transport, credential.source);
          mask(assertion);
          return assertion;
        },
      };
  }
}

/**
 * MSAL builds its managed-identity source once per process and keeps the network client it was first given
 * (ManagedIdentityClient.identitySource is static). So managed identity gets this one client for the life of the
 * process, and it sends each request through the network of the attempt in progress: fresh transport, fresh deadline.
 */
class CurrentAttemptNetwork implements INetworkModule {
  current: AttemptNetwork | undefined;

  private attempt(): AttemptNetwork {
    if (!this.current)
      throw new AttemptFailed({ kind: 'fatal', reason: 'a managed identity request outside an attempt' });
    return this.current;
  }

  sendGetRequestAsync<T>(url: string, options?: NetworkRequestOptions) {
    return this.attempt().sendGetRequestAsync<T>(url, options);
  }

  sendPostRequestAsync<T>(url: string, options?: NetworkRequestOptions) {
    return this.attempt().sendPostRequestAsync<T>(url, options);
  }
}

const managedIdentityNetwork = new CurrentAttemptNetwork();
