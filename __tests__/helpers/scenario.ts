// One scenario, either host: logical inputs mapped to each host's names, and the outcome read back the
// way a later step would see it.

import { runAzure, runGitHub, type AzureRun, type AzureRunOptions, type GitHubRun, type Run } from './hosts.js';
import { APPS, SECRET, TENANT_ID, type World } from './world.js';

export type HostName = 'github' | 'azure';
export const HOSTS: readonly HostName[] = ['github', 'azure'];

export type Method = 'secret' | 'certificate' | 'managed-identity';
export interface Inputs {
  readonly method?: Method;
  readonly tenant?: string;
  readonly client?: string;
  readonly secret?: string;
  readonly certificate?: string;
  readonly privateKey?: string;
  readonly password?: string;
  readonly chain?: 'true' | 'false';
  readonly scope?: string;
  readonly cloud?: string;
  readonly authority?: string;
  readonly variable?: string;
  readonly timeout?: string;
}

/** The secret app's client secret, against the world's emulator; `extra` adds inputs or overrides these. */
export const secretInputs = (world: World, extra: Inputs = {}): Inputs => ({
  method: 'secret',
  tenant: TENANT_ID,
  client: APPS.secret,
  secret: SECRET,
  authority: world.emulator.url,
  ...extra,
});

const NAMES: Record<HostName, Record<keyof Inputs, string>> = {
  github: {
    method: 'auth-type',
    tenant: 'tenant-id',
    client: 'client-id',
    secret: 'client-secret',
    certificate: 'certificate',
    privateKey: 'private-key',
    password: 'certificate-password',
    chain: 'send-certificate-chain',
    scope: 'scope',
    cloud: 'cloud',
    authority: 'authority-host',
    variable: 'export-variable',
    timeout: 'timeout-seconds',
  },
  azure: {
    method: 'authenticationMethod',
    tenant: 'tenantId',
    client: 'clientId',
    secret: 'clientSecret',
    certificate: 'certificate',
    privateKey: 'privateKey',
    password: 'certificatePassword',
    chain: 'sendCertificateChain',
    scope: 'scope',
    cloud: 'cloud',
    authority: 'authorityHost',
    variable: 'variableName',
    timeout: 'timeoutSeconds',
  },
};

const METHODS: Record<HostName, Record<Method, string>> = {
  github: { secret: 'secret', certificate: 'certificate', 'managed-identity': 'managed-identity' },
  azure: { secret: 'clientSecret', certificate: 'certificate', 'managed-identity': 'managedIdentity' },
};

export interface Outcome {
  readonly host: HostName;
  readonly run: Run;
  readonly succeeded: boolean;
  readonly token?: string;
  readonly expiresOn?: string;
  /** The failure message the host shows. */
  readonly failure?: string;
  /** Variables for the rest of the job: GitHub's exported environment, Azure's pipeline variables (not outputs). */
  readonly variables: Readonly<Record<string, { value: string; secret: boolean }>>;
  /** Warnings the step raised. */
  readonly warnings: readonly string[];
  readonly summary: string;
}

const unescapeGitHub = (value: string): string =>
  value.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');

export function hostInputs(host: HostName, inputs: Inputs): Record<string, string> {
  const named: Record<string, string> = {};
  for (const [key, value] of Object.entries(inputs) as [keyof Inputs, string][]) {
    named[NAMES[host][key]] = key === 'method' ? METHODS[host][value as Method] : value;
  }
  if (host === 'azure' && !inputs.method)
    named.authenticationMethod = inputs.certificate ? 'certificate' : 'clientSecret';
  return named;
}

export function githubOutcome(run: GitHubRun): Outcome {
  const failure = run.lines.find((line) => line.startsWith('::error::'));
  return {
    host: 'github',
    run,
    succeeded: run.code === 0,
    token: run.outputs['access-token'],
    expiresOn: run.outputs['expires-on'],
    failure: failure ? unescapeGitHub(failure.slice('::error::'.length)) : undefined,
    variables: Object.fromEntries(
      Object.entries(run.exported).map(([name, value]) => [name, { value, secret: false }]),
    ),
    warnings: run.lines
      .filter((line) => line.startsWith('::warning::'))
      .map((line) => unescapeGitHub(line.slice('::warning::'.length))),
    summary: run.summary,
  };
}

export function azureOutcome(run: AzureRun): Outcome {
  const failed = run.result?.status === 'Failed';
  return {
    host: 'azure',
    run,
    succeeded: !failed && run.code === 0,
    token: run.variables.accessToken?.value,
    expiresOn: run.variables.expiresOn?.value,
    failure: failed ? run.result?.message : undefined,
    variables: Object.fromEntries(
      Object.entries(run.variables)
        .filter(([, variable]) => !variable.output)
        .map(([name, variable]) => [name, { value: variable.value, secret: variable.secret }]),
    ),
    warnings: run.commands
      .filter((command) => command.command === 'task.issue' && command.properties.type === 'warning')
      .map((command) => command.data),
    summary: run.summary,
  };
}

export async function runOn(host: HostName, inputs: Inputs, options: AzureRunOptions): Promise<Outcome> {
  return host === 'github'
    ? githubOutcome(await runGitHub(hostInputs(host, inputs), options))
    : azureOutcome(await runAzure(hostInputs(host, inputs), options));
}
