// The command as a SettingsSource for the core: each input from its flag, else its AZURE_* variable (as
// @azure/identity reads them), else what an earlier step recorded (ENTRA_TOKEN_*). Every input is labelled with the
// flag or variable its value came from, so the core's errors name what the user actually set.

import { HANDOVER_VARIABLES } from '../core/handover.js';
import { AUTH_TYPES, type FederatedTokenSource, type InputKey, type SettingsSource } from '../core/host.js';
import { azureDevOpsOidcRequest, githubOidcRequest } from '../core/oidc-requests.js';
import type { Flags } from './arguments.js';
import { chooseCredential, type CredentialChoice, type Environment, read } from './credential-choice.js';
import { refuseInlineCredential } from './inline-credential.js';
import { commandProxy } from './proxy.js';

/** Where an input may come from, first match wins: a flag, or an environment variable. */
type Candidate = { readonly flag: keyof Flags } | { readonly variable: string };

export interface CommandOutput {
  setSecret(value: string): void;
  warning(message: string): void;
}

export interface CommandSource extends SettingsSource {
  readonly choice: CredentialChoice;
}

export function createCommandSource(flags: Flags, env: Environment, output: CommandOutput): CommandSource {
  refuseInlineCredential(flags);
  const choice = chooseCredential(flags, env);
  const chains = inputChains(flags, choice);
  const found: Partial<Record<InputKey, { value: string; label: string }>> = {};
  const names: Partial<Record<InputKey, string>> = { authMethod: choice.label };
  for (const [key, chain] of Object.entries(chains) as [InputKey, readonly Candidate[]][]) {
    const hit = chain
      .map((candidate) => ({ label: nameOf(candidate), value: valueOf(candidate, flags, env) }))
      .find((c) => c.value);
    if (hit) found[key] = hit;
    // Unset: the label lists where it could come from, e.g. "--tenant-id or AZURE_TENANT_ID".
    names[key] =
      hit?.label ??
      chain
        .filter((c) => !isRecorded(c))
        .map(nameOf)
        .join(' or ');
  }

  return {
    choice,
    inputNames: names,
    authMethods: AUTH_TYPES,
    defaultAuthMethod: 'auto',
    reservedVariables: [],
    input: (key) => (key === 'authMethod' ? choice.method : (found[key]?.value ?? '')),
    setSecret: (value) => output.setSecret(value),
    warning: (message) => output.warning(message),
    proxy: () => commandProxy(env, output),
    // Node itself honours NODE_EXTRA_CA_CERTS; the command has no agent CA settings of its own.
    tls: () => ({}),
    federatedToken: (audience) => federatedSource(choice, audience),
  };
}

function inputChains(flags: Flags, choice: CredentialChoice): Partial<Record<InputKey, readonly Candidate[]>> {
  const flag = (name: keyof Flags): Candidate => ({ flag: name });
  const variable = (name: string): Candidate => ({ variable: name });
  // AzureCLI@2 names the connection's app and tenant beside its ID; they belong to that connection only.
  const connection =
    choice.federated?.kind === 'azure-devops' && choice.federated.connectionSource.startsWith('AZURESUBSCRIPTION_');
  const subscription = (name: string): Candidate[] => (connection ? [variable(`AZURESUBSCRIPTION_${name}`)] : []);
  // `--cloud` on the command line beats an authority host from the environment or an earlier step.
  const cloudFlag = Boolean(flags.cloud?.trim()) && !flags['authority-host']?.trim();
  return {
    tenantId: [
      flag('tenant-id'),
      variable('AZURE_TENANT_ID'),
      ...subscription('TENANT_ID'),
      variable(HANDOVER_VARIABLES.tenantId),
    ],
    clientId: [
      flag('client-id'),
      variable('AZURE_CLIENT_ID'),
      ...subscription('CLIENT_ID'),
      variable(HANDOVER_VARIABLES.clientId),
    ],
    clientSecret: [variable('AZURE_CLIENT_SECRET')],
    certificate: [flag('certificate'), variable('AZURE_CLIENT_CERTIFICATE_PATH')],
    privateKey: [flag('private-key')],
    certificatePassword: [variable('AZURE_CLIENT_CERTIFICATE_PASSWORD')],
    sendCertificateChain: [flag('send-certificate-chain'), variable('AZURE_CLIENT_SEND_CERTIFICATE_CHAIN')],
    audience: [flag('audience'), variable(HANDOVER_VARIABLES.audience)],
    scope: [flag('scope')],
    cloud: [flag('cloud')],
    authorityHost: cloudFlag
      ? [flag('authority-host')]
      : [flag('authority-host'), variable('AZURE_AUTHORITY_HOST'), variable(HANDOVER_VARIABLES.authorityHost)],
    timeoutSeconds: [flag('timeout-seconds')],
    variableName: [flag('env')],
  };
}

const nameOf = (candidate: Candidate): string => ('flag' in candidate ? `--${candidate.flag}` : candidate.variable);
const isRecorded = (candidate: Candidate): boolean =>
  'variable' in candidate && candidate.variable.startsWith('ENTRA_TOKEN_');

function valueOf(candidate: Candidate, flags: Flags, env: Environment): string {
  if ('variable' in candidate) {
    const value = read(env, candidate.variable);
    // As @azure/identity reads it: 'true' or '1' sends the chain, anything else does not.
    if (candidate.variable === 'AZURE_CLIENT_SEND_CERTIFICATE_CHAIN' && value) {
      return ['true', '1'].includes(value.toLowerCase()) ? 'true' : 'false';
    }
    return value;
  }
  const value = flags[candidate.flag];
  if (typeof value === 'boolean') return value ? 'true' : '';
  return value?.trim() ?? '';
}

function federatedSource(choice: CredentialChoice, audience: string): FederatedTokenSource | string {
  const origin = choice.federated;
  if (!origin) return `'${choice.label}' is '${choice.method}', but this job has no OIDC token.`;
  switch (origin.kind) {
    case 'file':
      return {
        kind: 'file',
        path: origin.path,
        source: 'AZURE_FEDERATED_TOKEN_FILE',
        issuerLabel: 'federated token file',
      };
    case 'github':
      return githubOidcRequest(origin.url, origin.bearer, audience, 'ACTIONS_ID_TOKEN_REQUEST_URL');
    case 'azure-devops':
      return azureDevOpsOidcRequest(origin.uri, origin.bearer, origin.connectionId, 'SYSTEM_OIDCREQUESTURI');
  }
}
