// The GitHub Actions side of the Host, on @actions/core: inputs from action.yml, masking, outputs, the job
// environment and PATH, the step summary. Everything printed goes through neutraliseCommands first.

import * as core from '@actions/core';
import { handoverVariables, launcherFolder } from '../core/handover.js';
import * as contract from '../core/host.js';
import { neutraliseCommands as safe } from '../core/log-safety.js';
import { githubOidcRequest } from '../core/oidc-requests.js';

export const INPUT_NAMES = {
  authMethod: 'auth-type',
  tenantId: 'tenant-id',
  clientId: 'client-id',
  clientSecret: 'client-secret',
  certificate: 'certificate',
  privateKey: 'private-key',
  certificatePassword: 'certificate-password',
  sendCertificateChain: 'send-certificate-chain',
  audience: 'audience',
  scope: 'scope',
  cloud: 'cloud',
  authorityHost: 'authority-host',
  variableName: 'export-variable',
  timeoutSeconds: 'timeout-seconds',
  installCli: 'install-cli',
} as const satisfies Partial<Record<contract.InputKey, string>>;

export const OUTPUT_NAMES = { accessToken: 'access-token', expiresOn: 'expires-on', tokenType: 'token-type' } as const;

/** `auth-type`'s words, the command's `--auth-type` too. */
export const AUTH_METHODS = contract.AUTH_TYPES;

export function createGitHubHost(env: NodeJS.ProcessEnv = process.env): contract.Host {
  return {
    inputNames: INPUT_NAMES,
    authMethods: AUTH_METHODS,
    defaultAuthMethod: 'auto',
    // The runner's own namespaces: it refuses some of them in GITHUB_ENV, and the rest steer later steps.
    reservedVariables: [/^(GITHUB|RUNNER|ACTIONS)_/i],
    input: (key) => core.getInput(INPUT_NAMES[key as keyof typeof INPUT_NAMES]),
    setSecret: (value) => core.setSecret(value),
    debug: (message) => core.debug(safe(message)),
    info: (message) => core.info(safe(message)),
    warning: (message) => core.warning(safe(message)),
    isDebug: () => core.isDebug(),

    proxy(): contract.ProxyConfiguration | undefined {
      // Our requests are all https: HTTPS_PROXY is the one that applies, read as @actions/http-client reads it.
      const source = env.https_proxy ? 'https_proxy' : 'HTTPS_PROXY';
      const url = env[source];
      if (!url) return undefined;
      const noProxy = env.no_proxy ? 'no_proxy' : 'NO_PROXY';
      return { source, url, bypass: { kind: 'no-proxy', source: noProxy, value: env[noProxy] ?? '' } };
    },

    tls: () => ({}),

    federatedToken(audience: string): contract.FederatedTokenSource | string {
      // Not core.getIDToken: its client retries up to ten times with no overall deadline and reads answers of any
      // size, so a hung or hostile endpoint could hold the step past timeout-seconds; and the command, which must
      // not write to stdout, cannot use it. The request below goes through the same bounded transport as the rest.
      const url = env.ACTIONS_ID_TOKEN_REQUEST_URL;
      const bearer = env.ACTIONS_ID_TOKEN_REQUEST_TOKEN;
      if (!url || !bearer) {
        return (
          'This job cannot get a GitHub OIDC token (ACTIONS_ID_TOKEN_REQUEST_URL is not set). Add `permissions: id-token: write` ' +
          'to the workflow or the job. Pull requests from forks never get one: use a client secret or certificate there, or ' +
          "set 'auth-type'."
        );
      }
      return githubOidcRequest(url, bearer, audience, 'ACTIONS_ID_TOKEN_REQUEST_URL');
    },

    publish(token: contract.AcquiredToken, variableName: string | undefined): void {
      core.setOutput(OUTPUT_NAMES.accessToken, token.accessToken);
      core.setOutput(OUTPUT_NAMES.expiresOn, token.expiresOn.toISOString());
      core.setOutput(OUTPUT_NAMES.tokenType, token.tokenType);
      if (variableName) core.exportVariable(variableName, token.accessToken);
    },

    async installCli(handover: contract.Handover): Promise<void> {
      core.addPath(launcherFolder(import.meta.url));
      for (const [name, value] of handoverVariables(handover)) core.exportVariable(name, value);
    },

    async summary(markdown: string): Promise<void> {
      // Outside a runner (a local run) there is no summary file; the token is handed over by now, so only warn.
      if (!env.GITHUB_STEP_SUMMARY) return;
      await core.summary
        .addRaw(markdown, true)
        .write()
        .then(
          () => undefined,
          (error: unknown) => core.warning(safe(`No run summary: ${String(error)}`)),
        );
    },

    fail: (message) => core.setFailed(safe(message)),
  };
}
