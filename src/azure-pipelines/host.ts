// The Azure Pipelines side of the Host, on azure-pipelines-task-lib: task.json inputs, service connections, agent
// variables, the agent's proxy and certificates, secret and output variables, PATH, the run summary, the result.
// Everything printed goes through neutraliseCommands first: the agent acts on `##vso[` anywhere in a line.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tl from 'azure-pipelines-task-lib/task.js';
import { UserError } from '../core/errors.js';
import { handoverVariables, launcherFolder } from '../core/handover.js';
import type {
  AcquiredToken,
  FederatedTokenSource,
  Handover,
  Host,
  InputKey,
  ProxyConfiguration,
  ServiceEndpoint,
  TlsConfiguration,
} from '../core/host.js';
import { neutraliseCommands as safe, secretLines } from '../core/log-safety.js';
import { azureDevOpsOidcRequest } from '../core/oidc-requests.js';

export const INPUT_NAMES = {
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
  installCli: 'installCli',
} as const satisfies Partial<Record<InputKey, string>>;

/** Declared in task.json's outputVariables; the agent derives `<step>.accessToken` from them. */
export const OUTPUT_VARIABLES = { accessToken: 'accessToken', expiresOn: 'expiresOn' } as const;

export const AUTH_METHODS = {
  serviceConnection: 'service-connection',
  clientSecret: 'secret',
  certificate: 'certificate',
  managedIdentity: 'managed-identity',
} as const;

export function createAzurePipelinesHost(): Host {
  const variable = (name: string): string => tl.getVariable(name) ?? '';
  return {
    inputNames: INPUT_NAMES,
    authMethods: AUTH_METHODS,
    defaultAuthMethod: 'serviceConnection',
    // The step's own output names, and the agent's namespaces.
    reservedVariables: [
      new RegExp(`^(${Object.values(OUTPUT_VARIABLES).join('|')})$`, 'i'),
      /^(system|agent|build|release|task|pipeline|environment|resources|endpoint|input|secret|vsts|tf)[._]/i,
    ],
    input: (key) => tl.getInput(INPUT_NAMES[key as keyof typeof INPUT_NAMES], false) ?? '',
    // task-lib refuses multi-line secrets, and the agent masks line by line: a PEM key is registered per line.
    setSecret(value) {
      for (const line of secretLines(value)) tl.setSecret(line);
    },
    debug: (message) => tl.debug(safe(message)),
    info: (message) => console.log(safe(message)),
    warning: (message) => tl.warning(safe(message)),
    isDebug: () => variable('System.Debug').toLowerCase() === 'true',

    proxy(): ProxyConfiguration | undefined {
      let config: tl.ProxyConfiguration | null;
      try {
        config = tl.getHttpProxyConfiguration();
      } catch (error) {
        throw new UserError(
          `The agent's proxy bypass list (Agent.ProxyBypassList) is not a JSON list of patterns: ${(error as Error).message}. Fix the agent's .proxybypass file.`,
        );
      }
      if (!config) return undefined;
      return {
        source: 'Agent.ProxyUrl',
        url: config.proxyUrl,
        username: config.proxyUsername || undefined,
        password: config.proxyPassword || undefined,
        bypass: { kind: 'patterns', source: 'Agent.ProxyBypassList', patterns: config.proxyBypassHosts ?? [] },
      };
    },

    tls(): TlsConfiguration {
      const config = tl.getHttpCertConfiguration();
      if (!config) return {};
      const file = (path: string | undefined, source: string) => (path ? { path, source } : undefined);
      return {
        caFile: file(config.caFile, 'Agent.CAInfo'),
        certFile: file(config.certFile, 'Agent.ClientCert'),
        keyFile: file(config.keyFile, 'Agent.ClientCertKey'),
        certArchiveFile: file(config.certArchiveFile, 'Agent.ClientCertArchive'),
        passphrase: config.passphrase || undefined,
      };
    },

    federatedToken(_audience: string, serviceConnectionId?: string): FederatedTokenSource | string {
      const uri = variable('System.OidcRequestUri');
      if (!uri) {
        return 'The agent did not pass System.OidcRequestUri: workload identity federation needs Azure DevOps Services or Server 2022.1+ with an agent of version 3.220 or later.';
      }
      const bearer = tl.getEndpointAuthorizationParameter('SYSTEMVSSCONNECTION', 'AccessToken', true);
      if (!bearer) {
        return 'The agent did not pass the system access token (SYSTEMVSSCONNECTION): workload identity federation needs it to ask for an OIDC token. Check that the job may use the OAuth token.';
      }
      return azureDevOpsOidcRequest(uri, bearer, serviceConnectionId ?? '', 'System.OidcRequestUri');
    },

    serviceEndpoint(id: string): ServiceEndpoint | undefined {
      const scheme = tl.getEndpointAuthorizationScheme(id, true);
      if (!scheme) return undefined;
      return {
        id,
        scheme,
        authParameter: (name) => tl.getEndpointAuthorizationParameter(id, name, true),
        dataParameter: (name) => tl.getEndpointDataParameter(id, name, true),
      };
    },

    publish(token: AcquiredToken, variableName: string | undefined): void {
      if (variableName) tl.setVariable(variableName, token.accessToken, true);
      tl.setVariable(OUTPUT_VARIABLES.accessToken, token.accessToken, true, true);
      tl.setVariable(OUTPUT_VARIABLES.expiresOn, token.expiresOn.toISOString(), false, true);
    },

    async installCli(handover: Handover): Promise<void> {
      const folder = launcherFolder(import.meta.url);
      // The Marketplace package is a zip, which keeps no executable bit: restore it for Linux and macOS agents. The
      // token is handed over by now: a task folder that cannot be changed only costs the command, so it warns.
      if (process.platform !== 'win32') {
        await chmod(join(folder, 'entra-token'), 0o755).catch((error: unknown) =>
          tl.warning(safe(`The entra-token launcher could not be made executable: ${String(error)}`)),
        );
      }
      tl.prependPath(folder);
      for (const [name, value] of handoverVariables(handover)) tl.setVariable(name, value);
    },

    async summary(markdown: string): Promise<void> {
      // The agent attaches a file; it holds claims only, never the token. The token is handed over by now: only warn.
      await Promise.resolve()
        .then(() => {
          const folder = mkdtempSync(join(variable('Agent.TempDirectory') || tmpdir(), 'entra-token-'));
          const file = join(folder, 'Entra ID token.md');
          writeFileSync(file, markdown);
          tl.uploadSummary(file);
        })
        .catch((error: unknown) => tl.warning(safe(`No run summary: ${String(error)}`)));
    },

    // task-lib reports the failure the agent's way: task.complete result=Failed, and the process exits 0.
    fail: (message) => tl.setResult(tl.TaskResult.Failed, safe(message)),
  };
}
