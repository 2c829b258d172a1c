// Which credential the command uses, decided from flags and environment alone, before any request:
// `--auth-type`; else what the environment holds, as @azure/identity reads it; else what an earlier step recorded;
// else the host's OIDC token (GitHub, then Azure DevOps). When nothing fits, the error says what to add.

import { UserError } from '../core/errors.js';
import { HANDOVER_VARIABLES } from '../core/handover.js';
import type { Flags } from './arguments.js';

export type Environment = Readonly<Record<string, string | undefined>>;

/** Where the federated token comes from; turned into the core's FederatedTokenSource by the settings source. */
export type FederatedOrigin =
  | { readonly kind: 'file'; readonly path: string }
  | { readonly kind: 'github'; readonly url: string; readonly bearer: string }
  | {
      readonly kind: 'azure-devops';
      readonly uri: string;
      readonly bearer: string;
      readonly connectionId: string;
      /** The variable that named the connection: AZURESUBSCRIPTION_* pairs with its own client and tenant. */
      readonly connectionSource: string;
    };

export interface CredentialChoice {
  /** The method word for the core ('secret', 'certificate', 'oidc', 'managed-identity'), or what the user typed. */
  readonly method: string;
  /** The flag or variable that decided it, for error messages. */
  readonly label: string;
  readonly federated?: FederatedOrigin;
}

const RECORDED_AUTH = HANDOVER_VARIABLES.authType;
const RECORDED_CONNECTION = HANDOVER_VARIABLES.serviceConnectionId;

/** A variable's value, '' when unset or blank (a step clears a recorded value by setting it to ''). */
export const read = (env: Environment, name: string): string => env[name]?.trim() ?? '';

export function chooseCredential(flags: Flags, env: Environment): CredentialChoice {
  const typed = flags['auth-type']?.trim() ?? '';
  if (typed && typed.toLowerCase() !== 'auto') return withFederated(typed, '--auth-type', env);
  // The contract's order: a secret, then a certificate (the flag before AZURE_CLIENT_CERTIFICATE_PATH, as flags
  // win over the environment), then a federated token file, then what a step recorded, then the job's OIDC.
  if (read(env, 'AZURE_CLIENT_SECRET')) return { method: 'secret', label: 'AZURE_CLIENT_SECRET' };
  if (flags.certificate?.trim()) return { method: 'certificate', label: '--certificate' };
  if (read(env, 'AZURE_CLIENT_CERTIFICATE_PATH'))
    return { method: 'certificate', label: 'AZURE_CLIENT_CERTIFICATE_PATH' };
  if (read(env, 'AZURE_FEDERATED_TOKEN_FILE')) {
    const federated = { kind: 'file', path: read(env, 'AZURE_FEDERATED_TOKEN_FILE') } as const;
    return { method: 'oidc', label: 'AZURE_FEDERATED_TOKEN_FILE', federated };
  }
  const recorded = read(env, RECORDED_AUTH);
  if (recorded) return fromRecorded(recorded, env);
  const found = findFederated(env);
  if (typeof found === 'string') throw new UserError(`No credential found. ${found}`);
  return {
    method: 'oidc',
    label: found.kind === 'github' ? 'ACTIONS_ID_TOKEN_REQUEST_URL' : 'SYSTEM_OIDCREQUESTURI',
    federated: found,
  };
}

/** What an earlier step recorded; it never records a secret, so a secret-based credential must be mapped again. */
function fromRecorded(recorded: string, env: Environment): CredentialChoice {
  const needs: Readonly<Record<string, string>> = {
    secret: 'AZURE_CLIENT_SECRET',
    certificate: 'AZURE_CLIENT_CERTIFICATE_PATH (and AZURE_CLIENT_CERTIFICATE_PASSWORD if it has one)',
  };
  const need = needs[recorded.toLowerCase()];
  if (need) {
    throw new UserError(
      `An earlier step got a token with a ${recorded.toLowerCase()} (${RECORDED_AUTH}), but it records nothing secret for later steps. ` +
        `Map the credential into this step's environment: set ${need}, e.g. from a secret variable.`,
    );
  }
  return withFederated(recorded, RECORDED_AUTH, env);
}

function withFederated(method: string, label: string, env: Environment): CredentialChoice {
  if (method.toLowerCase() !== 'oidc') return { method, label };
  const fromFile = read(env, 'AZURE_FEDERATED_TOKEN_FILE');
  const found = fromFile ? ({ kind: 'file', path: fromFile } as const) : findFederated(env);
  if (typeof found === 'string')
    throw new UserError(`'${label}' is '${method}', but this job has no OIDC token. ${found}`);
  return { method, label, federated: found };
}

/** The host's OIDC token source, or why there is none, in words that say what to add. */
function findFederated(env: Environment): FederatedOrigin | string {
  const githubUrl = read(env, 'ACTIONS_ID_TOKEN_REQUEST_URL');
  const githubBearer = read(env, 'ACTIONS_ID_TOKEN_REQUEST_TOKEN');
  if (githubUrl && githubBearer) return { kind: 'github', url: githubUrl, bearer: githubBearer };

  const uri = read(env, 'SYSTEM_OIDCREQUESTURI');
  const bearer = read(env, 'SYSTEM_ACCESSTOKEN');
  const connectionSource = read(env, 'AZURESUBSCRIPTION_SERVICE_CONNECTION_ID')
    ? 'AZURESUBSCRIPTION_SERVICE_CONNECTION_ID'
    : RECORDED_CONNECTION;
  const connectionId = read(env, connectionSource);
  if (uri && bearer && connectionId) return { kind: 'azure-devops', uri, bearer, connectionId, connectionSource };
  if (uri && !bearer) {
    return (
      'Azure Pipelines gives a script the job access token only when the step maps it: add to this step ' +
      '`env: SYSTEM_ACCESSTOKEN: $(System.AccessToken)`. It authorises the request for the workload identity OIDC token.'
    );
  }
  if (uri) {
    return (
      `No service connection ID: set AZURESUBSCRIPTION_SERVICE_CONNECTION_ID (AzureCLI@2 sets it), or run the ` +
      `entra-token task with the connection earlier in the job (it records ${RECORDED_CONNECTION}).`
    );
  }
  if (read(env, 'GITHUB_ACTIONS') === 'true') {
    return (
      'This GitHub job cannot get an OIDC token (ACTIONS_ID_TOKEN_REQUEST_URL/_TOKEN are not set): add ' +
      '`permissions: id-token: write` to the workflow or job (pull requests from forks never get one), or set AZURE_CLIENT_SECRET ' +
      'or AZURE_CLIENT_CERTIFICATE_PATH with AZURE_TENANT_ID and AZURE_CLIENT_ID.'
    );
  }
  return (
    'Set AZURE_TENANT_ID and AZURE_CLIENT_ID with AZURE_CLIENT_SECRET, AZURE_CLIENT_CERTIFICATE_PATH or ' +
    'AZURE_FEDERATED_TOKEN_FILE; or run in a GitHub Actions job with `permissions: id-token: write`, or in Azure ' +
    'Pipelines after the entra-token step; or pass --auth-type managed-identity on an Azure VM. See entra-token --help.'
  );
}
