// The Azure Pipelines side of the Host: task.json inputs, service connections, secret variables via task-lib.
// Importing task-lib moves INPUT_*, ENDPOINT_AUTH_* and SECRET_* out of the environment: only this bundle does.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// Must stay the first import of task-lib's importer: it copies the secrets before task-lib hides them.
import { capturedEnvironment } from './captured-environment.js';
import * as tl from 'azure-pipelines-task-lib/task.js';
import type { AcquiredToken, Host, InputKey, OidcTokenRequest, ProxySetting, ServiceEndpoint } from '../core/host.js';

const INPUT_NAMES: Readonly<Partial<Record<InputKey, string>>> = {
  authMethod: 'authenticationMethod',
  serviceConnection: 'azureSubscription',
  tenantId: 'tenantId',
  clientId: 'clientId',
  clientSecret: 'clientSecret',
  certificate: 'certificate',
  privateKey: 'privateKey',
  certificatePassword: 'certificatePassword',
  sendCertificateChain: 'sendCertificateChain',
  scope: 'scope',
  cloud: 'cloud',
  authorityHost: 'authorityHost',
  variableName: 'variableName',
  timeoutSeconds: 'timeoutSeconds',
};

/** Inputs whose values task-lib would print in debug before we could mask them. */
const SECRET_INPUTS = new Set<InputKey>(['clientSecret', 'certificate', 'privateKey', 'certificatePassword']);

/** A service connection's auth parameter, without task-lib's debug line that prints it. */
function endpointAuthParameter(id: string, name: string): string | undefined {
  const direct = capturedEnvironment[`ENDPOINT_AUTH_PARAMETER_${id}_${name.toUpperCase()}`];
  if (direct) return direct;
  try {
    const parameters =
      (JSON.parse(capturedEnvironment[`ENDPOINT_AUTH_${id}`] ?? '{}') as { parameters?: Record<string, string> })
        .parameters ?? {};
    return Object.entries(parameters).find(([key]) => key.toLowerCase() === name.toLowerCase())?.[1];
  } catch {
    return undefined;
  }
}

export function createAzurePipelinesHost(): Host {
  return {
    inputNames: INPUT_NAMES,
    authMethods: {
      serviceConnection: 'service-connection',
      clientSecret: 'secret',
      certificate: 'certificate',
      managedIdentity: 'managed-identity',
    },
    input: (key) =>
      SECRET_INPUTS.has(key)
        ? (capturedEnvironment[`INPUT_${INPUT_NAMES[key]!.toUpperCase()}`] ?? '')
        : (tl.getInput(INPUT_NAMES[key]!) ?? ''),
    setSecret: (value) => tl.setSecret(value),
    debug: (message) => tl.debug(message),
    info: (message) => console.log(message),
    warning: (message) => tl.warning(message),
    isDebug: () => (tl.getVariable('System.Debug') ?? '').toLowerCase() === 'true',

    // The agent's proxy, as tl.getHttpProxyConfiguration() reads it, but the password from the captured
    // environment: getHttpProxyConfiguration prints it in debug.
    proxy(): ProxySetting {
      const url = tl.getVariable('Agent.ProxyUrl');
      if (!url) return { kind: 'none' };
      const bypass = JSON.parse(tl.getVariable('Agent.ProxyBypassList') || '[]') as string[];
      return {
        kind: 'explicit',
        url,
        username: tl.getVariable('Agent.ProxyUsername'),
        password: capturedEnvironment.SECRET_AGENT_PROXYPASSWORD,
        bypass: bypass.map((pattern) => new RegExp(pattern, 'i')),
      };
    },

    oidcTokenRequest(_audience: string, serviceConnectionId?: string): OidcTokenRequest | string {
      const uri = tl.getVariable('System.OidcRequestUri');
      const bearer = endpointAuthParameter('SYSTEMVSSCONNECTION', 'AccessToken');
      if (!uri) {
        return 'The agent did not pass System.OidcRequestUri: workload identity federation needs Azure DevOps Services or Server 2022.1+ with an agent of version 3.220 or later.';
      }
      if (!bearer) {
        return 'The agent did not pass the system access token (SYSTEMVSSCONNECTION): workload identity federation needs it to ask for an OIDC token. Check that the job may use the OAuth token.';
      }
      const url = new URL(uri);
      url.searchParams.set('api-version', '7.1');
      url.searchParams.set('serviceConnectionId', serviceConnectionId ?? '');
      return { method: 'POST', url: url.toString(), bearer, tokenField: 'oidcToken' };
    },

    serviceEndpoint(id: string): ServiceEndpoint | undefined {
      const scheme = tl.getEndpointAuthorizationScheme(id, true);
      if (!scheme) return undefined;
      return {
        id,
        scheme,
        authParameter: (name) => endpointAuthParameter(id, name),
        dataParameter: (name) => tl.getEndpointDataParameter(id, name, true),
      };
    },

    publish(token: AcquiredToken, variableName: string | undefined): void {
      if (variableName) tl.setVariable(variableName, token.accessToken, true);
      tl.setVariable('accessToken', token.accessToken, true, true);
      tl.setVariable('expiresOn', token.expiresOn.toISOString(), false, true);
    },

    async summary(markdown: string): Promise<void> {
      // The agent attaches a file; it holds claims only, never the token.
      const folder = mkdtempSync(join(tl.getVariable('Agent.TempDirectory') || tmpdir(), 'entra-token-'));
      const file = join(folder, 'Entra ID token.md');
      writeFileSync(file, markdown);
      tl.uploadSummary(file);
    },

    fail: (message) => tl.setResult(tl.TaskResult.Failed, message),
  };
}
