// A job rehearsed end to end: the step (action or task bundle) gets a token with the job's OIDC token and puts
// `entra-token` on PATH with its non-secret settings recorded; the OIDC tokens it saw expire; a later step, with
// only the environment the runner or agent gives it, runs `entra-token` found through PATH and gets a fresh token.

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ADO_SYSTEM_TOKEN, GITHUB_REQUEST_TOKEN } from '../../emulator/server.js';
import { runAzure, runGitHub } from '../helpers/hosts.js';
import { useWorld } from '../helpers/use-world.js';
import { ADO_CONNECTION, APPS, TENANT_ID } from '../helpers/world.js';
import { spawnCollecting, withoutMaskLines, type CliRun } from './cli-run.js';

const ARM = 'https://management.azure.com/.default';

const { world, folder } = useWorld({ folderPrefix: 'entra-token-rehearsal-' });

/** A later step's script: `entra-token …` as the shell finds it on PATH. */
function laterStep(command: string, env: Record<string, string>) {
  return process.platform === 'win32'
    ? spawnCollecting(env.ComSpec ?? 'cmd.exe', ['/d', '/s', '/c', command], env)
    : spawnCollecting('sh', ['-c', command], env);
}

const withFolderOnPath = (folderOnPath: string): string => [folderOnPath, process.env.PATH ?? ''].join(delimiter);
const recorded = (variables: Record<string, string>): Record<string, string> =>
  Object.fromEntries(Object.entries(variables).filter(([name]) => name.startsWith('ENTRA_TOKEN_')));
const secrets = (): string[] => [GITHUB_REQUEST_TOKEN, ADO_SYSTEM_TOKEN, ...world().emulator.issuedOidcTokens];

/**
 * A later step that got a fresh token for ARM as the federated app: on stderr only the host's masking commands
 * (`mask`), one of them for the token, and no secret; the emulator saw `endpoints`. Returns the token.
 */
async function expectFreshToken(later: CliRun, mask: string, endpoints: readonly string[]): Promise<string> {
  expect(
    later.stderr
      .split('\n')
      .filter(Boolean)
      .every((line) => line.startsWith(mask)),
  ).toBe(true);
  expect(later.code).toBe(0);
  const token = later.stdout.trimEnd();
  const claims = await world().emulator.verify(token);
  expect(claims.aud).toBe('https://management.azure.com');
  expect(claims.appid).toBe(APPS.federated);
  expect(world().emulator.requests.map((request) => request.endpoint)).toEqual(endpoints);
  expect(later.stderr).toContain(`${mask}${token}`);
  for (const secret of [...secrets(), token]) expect(withoutMaskLines(later.stderr)).not.toContain(secret);
  return token;
}

describe('a GitHub job', () => {
  it('gets a fresh token with entra-token in a later step, after the OIDC token expired', async () => {
    const pathFile = join(folder(), 'github_path');
    writeFileSync(pathFile, '');
    const step = await runGitHub(
      { 'tenant-id': TENANT_ID, 'client-id': APPS.federated, 'authority-host': world().emulator.url },
      { caFile: world().emulator.caFile, env: { ...world().emulator.githubOidcEnvironment(), GITHUB_PATH: pathFile } },
    );
    expect(step.code).toBe(0);
    const pathEntries = readFileSync(pathFile, 'utf8').split(/\r?\n/).filter(Boolean);
    expect(pathEntries).toHaveLength(1);
    const variables = recorded(step.exported);
    expect(variables).toMatchObject({
      ENTRA_TOKEN_AUTH_TYPE: 'oidc',
      ENTRA_TOKEN_TENANT_ID: TENANT_ID,
      ENTRA_TOKEN_CLIENT_ID: APPS.federated,
      ENTRA_TOKEN_AUTHORITY_HOST: world().emulator.url,
    });
    for (const secret of secrets()) expect(JSON.stringify(variables)).not.toContain(secret);
    // The launchers sit in the folder on PATH, and run with the Node that ran the step.
    expect(existsSync(join(pathEntries[0]!, 'entra-token'))).toBe(true);
    expect(existsSync(join(pathEntries[0]!, 'entra-token.cmd'))).toBe(true);
    expect(variables.ENTRA_TOKEN_NODE).toBeTruthy();

    world().emulator.expireIssuedOidcTokens();
    world().emulator.clear();
    const later = await laterStep(`entra-token --scope ${ARM}`, {
      ...variables,
      ...world().emulator.githubOidcEnvironment(),
      PATH: withFolderOnPath(pathEntries[0]!),
      NODE_EXTRA_CA_CERTS: world().emulator.caFile,
      GITHUB_ACTIONS: 'true',
    });
    const token = await expectFreshToken(later, '::add-mask::', ['github-oidc', 'token']);
    expect(later.stdout).toBe(`${token}\n`);
  });
});

describe('install-cli: false', () => {
  it('leaves PATH and the recorded settings alone on GitHub', async () => {
    const pathFile = join(folder(), 'github_path_off');
    writeFileSync(pathFile, '');
    const step = await runGitHub(
      {
        'tenant-id': TENANT_ID,
        'client-id': APPS.federated,
        'authority-host': world().emulator.url,
        'install-cli': 'false',
      },
      { caFile: world().emulator.caFile, env: { ...world().emulator.githubOidcEnvironment(), GITHUB_PATH: pathFile } },
    );
    expect(step.code).toBe(0);
    expect(step.outputs['access-token']).toBeTruthy();
    expect(readFileSync(pathFile, 'utf8')).toBe('');
    expect(Object.keys(step.exported).filter((name) => name.startsWith('ENTRA_TOKEN_'))).toEqual([]);
  });
});

describe('an Azure Pipelines job', () => {
  const runStep = () =>
    runAzure(
      { authenticationMethod: 'serviceConnection', azureSubscription: ADO_CONNECTION.id },
      {
        caFile: world().emulator.caFile,
        endpoints: [
          {
            id: ADO_CONNECTION.id,
            scheme: 'WorkloadIdentityFederation',
            parameters: { tenantid: TENANT_ID, serviceprincipalid: APPS.federated },
            data: { environment: 'AzureCloud', activeDirectoryAuthority: `${world().emulator.url}/` },
          },
        ],
        variables: { 'System.OidcRequestUri': world().emulator.adoOidcRequestUri },
        systemAccessToken: ADO_SYSTEM_TOKEN,
      },
    );

  /** What the agent gives a later script step: public variables as environment, PATH with the prepended folder. */
  async function laterEnvironment(): Promise<Record<string, string>> {
    const step = await runStep();
    expect(step.result?.status ?? 'Succeeded').toBe('Succeeded');
    const pathEntries = step.commands.filter((command) => command.command === 'task.prependpath');
    expect(pathEntries).toHaveLength(1);
    const variables = Object.fromEntries(
      Object.entries(step.variables)
        .filter(([name, variable]) => name.startsWith('ENTRA_TOKEN_') && !variable.secret)
        .map(([name, variable]) => [name.replace(/\./g, '_').toUpperCase(), variable.value]),
    );
    expect(variables).toMatchObject({
      ENTRA_TOKEN_AUTH_TYPE: 'oidc',
      ENTRA_TOKEN_CLIENT_ID: APPS.federated,
      ENTRA_TOKEN_SERVICE_CONNECTION_ID: ADO_CONNECTION.id,
    });
    return {
      ...variables,
      PATH: withFolderOnPath(pathEntries[0]!.data),
      SYSTEM_OIDCREQUESTURI: world().emulator.adoOidcRequestUri,
      NODE_EXTRA_CA_CERTS: world().emulator.caFile,
      TF_BUILD: 'True',
    };
  }

  it('gets a fresh token with entra-token in a later step that maps SYSTEM_ACCESSTOKEN', async () => {
    const env = await laterEnvironment();
    world().emulator.expireIssuedOidcTokens();
    world().emulator.clear();
    const later = await laterStep(`entra-token --scope ${ARM}`, { ...env, SYSTEM_ACCESSTOKEN: ADO_SYSTEM_TOKEN });
    await expectFreshToken(later, '##vso[task.setsecret]', ['ado-oidc', 'token']);
  });

  it('tells a later step that did not map SYSTEM_ACCESSTOKEN how to, and sends nothing', async () => {
    const env = await laterEnvironment();
    world().emulator.clear();
    const later = await laterStep(`entra-token --scope ${ARM}`, env);
    expect(later.code).toBe(2);
    expect(later.stdout).toBe('');
    expect(later.stderr).toContain('env: SYSTEM_ACCESSTOKEN: $(System.AccessToken)');
    expect(world().emulator.requests).toEqual([]);
  });
});
