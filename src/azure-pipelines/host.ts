// The Azure Pipelines side of the Host: task.json inputs, agent variables, service connections, secret variables.
// The agent hands everything over in the environment: inputs as INPUT_<NAME>, variables as <NAME> (SECRET_<NAME>
// for secret ones), service connections as ENDPOINT_AUTH_<ID> (JSON), ENDPOINT_AUTH_SCHEME_<ID>, ENDPOINT_DATA_<ID>_<KEY>.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { EOL, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AcquiredToken, Host, InputKey, OidcTokenRequest, ProxySetting, ServiceEndpoint } from '../core/host.js';
import { loggingCommand } from './logging-commands.js';
import { neutraliseCommands as safe } from '../core/log-safety.js';

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

export function createAzurePipelinesHost(env: NodeJS.ProcessEnv = process.env): Host {
  /** A pipeline variable: `Agent.ProxyUrl` is AGENT_PROXYURL, or SECRET_AGENT_PROXYURL when it is secret. */
  const variable = (name: string): string | undefined => {
    const key = name.replace(/[.\s]/g, '_').toUpperCase();
    return env[`SECRET_${key}`] ?? env[key];
  };

  const endpointAuthParameter = (id: string, name: string): string | undefined => {
    const direct = env[`ENDPOINT_AUTH_PARAMETER_${id}_${name.toUpperCase()}`];
    if (direct) return direct;
    try {
      const parameters =
        (JSON.parse(env[`ENDPOINT_AUTH_${id}`] ?? '{}') as { parameters?: Record<string, string> }).parameters ?? {};
      return Object.entries(parameters).find(([key]) => key.toLowerCase() === name.toLowerCase())?.[1];
    } catch {
      return undefined;
    }
  };

  const setVariable = (name: string, value: string, flags: { secret: boolean; output: boolean }): void =>
    loggingCommand('task.setvariable', { variable: name, isOutput: flags.output, issecret: flags.secret }, value);

  return {
    inputNames: INPUT_NAMES,
    authMethods: {
      serviceConnection: 'service-connection',
      clientSecret: 'secret',
      certificate: 'certificate',
      managedIdentity: 'managed-identity',
    },
    input: (key) => (env[`INPUT_${INPUT_NAMES[key]!.toUpperCase()}`] ?? '').trim(),
    setSecret: (value) => loggingCommand('task.setsecret', {}, value),
    debug: (message) => loggingCommand('task.debug', {}, safe(message)),
    info: (message) => process.stdout.write(`${safe(message)}${EOL}`),
    warning: (message) => loggingCommand('task.issue', { type: 'warning' }, safe(message)),
    isDebug: () => (variable('System.Debug') ?? '').toLowerCase() === 'true',

    proxy(): ProxySetting {
      const url = variable('Agent.ProxyUrl');
      if (!url) return { kind: 'none' };
      const bypass = JSON.parse(variable('Agent.ProxyBypassList') || '[]') as string[];
      return {
        kind: 'explicit',
        url,
        username: variable('Agent.ProxyUsername'),
        password: variable('Agent.ProxyPassword'),
        bypass: bypass.map((pattern) => new RegExp(pattern, 'i')),
      };
    },

    oidcTokenRequest(_audience: string, serviceConnectionId?: string): OidcTokenRequest | string {
      const uri = variable('System.OidcRequestUri');
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
      const scheme = env[`ENDPOINT_AUTH_SCHEME_${id}`];
      if (!scheme) return undefined;
      return {
        id,
        scheme,
        authParameter: (name) => endpointAuthParameter(id, name),
        dataParameter: (name) => env[`ENDPOINT_DATA_${id}_${name.toUpperCase()}`],
      };
    },

    publish(token: AcquiredToken, variableName: string | undefined): void {
      if (variableName) setVariable(variableName, token.accessToken, { secret: true, output: false });
      setVariable('accessToken', token.accessToken, { secret: true, output: true });
      setVariable('expiresOn', token.expiresOn.toISOString(), { secret: false, output: true });
    },

    summary(markdown: string): void {
      // The agent attaches a file; it holds claims only, never the token.
      const folder = mkdtempSync(join(variable('Agent.TempDirectory') || tmpdir(), 'entra-token-'));
      const file = join(folder, 'Entra ID token.md');
      writeFileSync(file, markdown);
      loggingCommand('task.uploadsummary', {}, file);
    },

    fail(message) {
      loggingCommand('task.issue', { type: 'error' }, safe(message));
      loggingCommand('task.complete', { result: 'Failed' }, safe(message));
      process.exitCode = 1;
    },
  };
}
