// The GitHub Actions side of the Host: inputs from action.yml, masking, outputs and the job summary.

import { appendFileSync } from 'node:fs';
import { EOL } from 'node:os';
import { appendToFile, issueCommand } from './workflow-commands.js';
import { neutraliseCommands as safe } from '../core/log-safety.js';
import type { AcquiredToken, Host, InputKey, OidcTokenRequest, ProxySetting } from '../core/host.js';

const INPUT_NAMES: Readonly<Partial<Record<InputKey, string>>> = {
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
};

const PROXY_VARIABLES = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'];

export function createGitHubHost(env: NodeJS.ProcessEnv = process.env): Host {
  return {
    inputNames: INPUT_NAMES,
    authMethods: {
      auto: 'auto',
      secret: 'secret',
      certificate: 'certificate',
      oidc: 'oidc',
      'managed-identity': 'managed-identity',
    },
    input: (key) => (env[`INPUT_${INPUT_NAMES[key]!.toUpperCase()}`] ?? '').trim(),
    setSecret: (value) => issueCommand('add-mask', value),
    debug: (message) => issueCommand('debug', safe(message)),
    info: (message) => process.stdout.write(`${safe(message)}${EOL}`),
    warning: (message) => issueCommand('warning', safe(message)),
    isDebug: () => env.RUNNER_DEBUG === '1',

    proxy(): ProxySetting {
      const urls = PROXY_VARIABLES.map((name) => env[name]).filter((value): value is string => !!value);
      if (urls.length === 0) return { kind: 'none' };
      // A proxy URL may carry credentials; mask the password before any request could log the URL.
      for (const url of urls) {
        const password = URL.canParse(url) ? decodeURIComponent(new URL(url).password) : '';
        if (password) issueCommand('add-mask', password);
      }
      return { kind: 'environment' };
    },

    oidcTokenRequest(audience: string): OidcTokenRequest | string {
      const url = env.ACTIONS_ID_TOKEN_REQUEST_URL;
      const bearer = env.ACTIONS_ID_TOKEN_REQUEST_TOKEN;
      if (!url || !bearer) {
        return (
          'This job cannot get a GitHub OIDC token (ACTIONS_ID_TOKEN_REQUEST_URL is not set). Add `permissions: id-token: write` ' +
          'to the workflow or the job. Pull requests from forks never get one: use a client secret or certificate there, or ' +
          "set 'auth-type'."
        );
      }
      const request = new URL(url);
      request.searchParams.set('audience', audience);
      return { method: 'GET', url: request.toString(), bearer, tokenField: 'value' };
    },

    publish(token: AcquiredToken, variableName: string | undefined): void {
      appendToFile(env, 'GITHUB_OUTPUT', 'access-token', token.accessToken);
      appendToFile(env, 'GITHUB_OUTPUT', 'expires-on', token.expiresOn.toISOString());
      appendToFile(env, 'GITHUB_OUTPUT', 'token-type', token.tokenType);
      if (variableName) appendToFile(env, 'GITHUB_ENV', variableName, token.accessToken);
    },

    summary(markdown: string): void {
      if (env.GITHUB_STEP_SUMMARY) appendFileSync(env.GITHUB_STEP_SUMMARY, `${markdown}${EOL}`, 'utf8');
    },

    fail(message) {
      process.exitCode = 1;
      issueCommand('error', safe(message));
    },
  };
}
