// The `entra-token` command through its built bundle against the emulated Entra ID: every credential it reads
// from the environment, its outputs, `run`, exit codes, and masking inside a job.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ADO_SYSTEM_TOKEN, GITHUB_REQUEST_TOKEN } from '../../emulator/server.js';
import { NODE } from '../helpers/hosts.js';
import { useWorld } from '../helpers/use-world.js';
import { ADO_CONNECTION, APPS, CERT_PASSWORD, IDENTITIES, SECRET, TENANT_ID } from '../helpers/world.js';
import { githubOidcToken, runCli, runCliInterleaved, withoutMaskLines } from './cli-run.js';

const { world, folder } = useWorld({ folderPrefix: 'entra-token-cli-e2e-' });

/** What every run needs to reach the emulator: its CA, and its address as the authority host. */
const reach = (): Record<string, string> => ({
  NODE_EXTRA_CA_CERTS: world().emulator.caFile,
  AZURE_AUTHORITY_HOST: world().emulator.url,
  AZURE_TENANT_ID: TENANT_ID,
});
const secretEnv = (): Record<string, string> => ({
  ...reach(),
  AZURE_CLIENT_ID: APPS.secret,
  AZURE_CLIENT_SECRET: SECRET,
});
/** A script step in Azure Pipelines with the job token mapped, inside AzureCLI@2 (which names the connection). */
const adoEnv = (): Record<string, string> => ({
  NODE_EXTRA_CA_CERTS: world().emulator.caFile,
  AZURE_AUTHORITY_HOST: world().emulator.url,
  SYSTEM_OIDCREQUESTURI: world().emulator.adoOidcRequestUri,
  SYSTEM_ACCESSTOKEN: ADO_SYSTEM_TOKEN,
  AZURESUBSCRIPTION_SERVICE_CONNECTION_ID: ADO_CONNECTION.id,
  AZURESUBSCRIPTION_CLIENT_ID: APPS.federated,
  AZURESUBSCRIPTION_TENANT_ID: TENANT_ID,
});
const secrets = (): string[] => [SECRET, GITHUB_REQUEST_TOKEN, ADO_SYSTEM_TOKEN, ...world().emulator.issuedOidcTokens];

/** The token alone on stdout, one line; stderr free of it and of every secret. */
async function tokenFrom(run: Awaited<ReturnType<typeof runCli>>): Promise<Record<string, unknown>> {
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  expect(run.stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
  return world().emulator.verify(run.stdout.trimEnd());
}

describe('entra-token get, credentials from the environment', () => {
  it('uses AZURE_CLIENT_SECRET, with one Entra request', async () => {
    const claims = await tokenFrom(await runCli([], secretEnv()));
    expect(claims.appid).toBe(APPS.secret);
    expect(claims.aud).toBe('https://graph.microsoft.com');
    expect(world().emulator.count('token')).toBe(1);
    expect(world().emulator.requests[0]!.credential).toBe('secret');
  });

  it('uses AZURE_CLIENT_CERTIFICATE_PATH: a PEM with its key, and a PFX with its password', async () => {
    const env = { ...reach(), AZURE_CLIENT_ID: APPS.certificate };
    const pem = await tokenFrom(await runCli([], { ...env, AZURE_CLIENT_CERTIFICATE_PATH: world().files.combinedPem }));
    expect(pem.appid).toBe(APPS.certificate);
    expect(world().emulator.count('token')).toBe(1);
    const pfx = await runCli([], {
      ...env,
      AZURE_CLIENT_CERTIFICATE_PATH: world().files.pfx,
      AZURE_CLIENT_CERTIFICATE_PASSWORD: CERT_PASSWORD,
    });
    expect((await tokenFrom(pfx)).appid).toBe(APPS.certificate);
    expect(world().emulator.count('token')).toBe(2);
    expect(world().emulator.requests.map((request) => request.credential)).toEqual(['certificate', 'certificate']);
  });

  it('takes --certificate and --private-key as paths, and sends the chain when asked', async () => {
    const run = await runCli(
      ['--certificate', world().files.certPem, '--private-key', world().files.keyPem, '--send-certificate-chain'],
      { ...reach(), AZURE_CLIENT_ID: APPS.certificate },
    );
    expect((await tokenFrom(run)).appid).toBe(APPS.certificate);
    expect(world().emulator.requests[0]!.assertion?.x5c).toBeTruthy();
  });

  it('uses AZURE_FEDERATED_TOKEN_FILE, read right before the exchange', async () => {
    const file = join(folder(), 'federated-token');
    writeFileSync(file, `${await githubOidcToken(world())}\n`);
    world().emulator.clear();
    const run = await runCli([], { ...reach(), AZURE_CLIENT_ID: APPS.federated, AZURE_FEDERATED_TOKEN_FILE: file });
    expect((await tokenFrom(run)).appid).toBe(APPS.federated);
    expect(world().emulator.requests.map((request) => request.endpoint)).toEqual(['token']);
    expect(world().emulator.requests[0]!.credential).toBe('federated');
  });

  it("uses GitHub's OIDC token when the job may have one", async () => {
    const run = await runCli([], {
      ...reach(),
      AZURE_CLIENT_ID: APPS.federated,
      ...world().emulator.githubOidcEnvironment(),
    });
    expect((await tokenFrom(run)).appid).toBe(APPS.federated);
    expect(world().emulator.requests.map((request) => request.endpoint)).toEqual(['github-oidc', 'token']);
  });

  it('uses Azure DevOps workload identity from SYSTEM_OIDCREQUESTURI, SYSTEM_ACCESSTOKEN and AZURESUBSCRIPTION_*', async () => {
    const run = await runCli([], adoEnv());
    expect((await tokenFrom(run)).appid).toBe(APPS.federated);
    expect(world().emulator.requests.map((request) => request.endpoint)).toEqual(['ado-oidc', 'token']);
  });

  it('says to map SYSTEM_ACCESSTOKEN when an Azure Pipelines step did not, and sends nothing', async () => {
    const run = await runCli([], {
      ...reach(),
      TF_BUILD: 'True',
      SYSTEM_OIDCREQUESTURI: world().emulator.adoOidcRequestUri,
      ENTRA_TOKEN_AUTH_TYPE: 'oidc',
      ENTRA_TOKEN_CLIENT_ID: APPS.federated,
      ENTRA_TOKEN_SERVICE_CONNECTION_ID: ADO_CONNECTION.id,
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('env: SYSTEM_ACCESSTOKEN: $(System.AccessToken)');
    expect(run.stdout).toBe('');
    expect(world().emulator.requests).toEqual([]);
  });

  it('uses the managed identity with --auth-type managed-identity, system- or user-assigned', async () => {
    const env = {
      NODE_EXTRA_CA_CERTS: world().emulator.caFile,
      AZURE_POD_IDENTITY_AUTHORITY_HOST: world().emulator.imdsUrl,
    };
    const system = await runCli(['--auth-type', 'managed-identity'], env);
    expect((await tokenFrom(system)).appid).toBe(IDENTITIES.system);
    const user = await runCli(['--auth-type', 'managed-identity', '--client-id', IDENTITIES.user], env);
    expect((await tokenFrom(user)).appid).toBe(IDENTITIES.user);
    expect(world().emulator.requests.map((request) => request.endpoint)).toEqual(['imds', 'imds']);
  });
});

describe('entra-token get, outputs and failures', () => {
  it('prints JSON with the normalised scope, the expiry as ISO 8601 UTC and whole seconds left', async () => {
    const run = await runCli(['--scope', 'https://management.azure.com', '--output', 'json'], secretEnv());
    expect(run.code).toBe(0);
    expect(run.stdout.trimEnd().split('\n')).toHaveLength(1);
    const json = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(Object.keys(json)).toEqual(['access_token', 'token_type', 'expires_on', 'expires_in', 'scope']);
    expect(json.token_type).toBe('Bearer');
    expect(json.scope).toBe('https://management.azure.com/.default');
    const claims = await world().emulator.verify(json.access_token as string);
    expect(claims.aud).toBe('https://management.azure.com');
    // MSAL dates the expiry from expires_in on receipt: the token's own exp, give or take the second it arrived in.
    expect(json.expires_on).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(Math.abs(Date.parse(json.expires_on as string) / 1000 - claims.exp!)).toBeLessThanOrEqual(5);
    expect(Number.isInteger(json.expires_in)).toBe(true);
    expect(json.expires_in).toBeGreaterThan(0);
    expect(json.expires_in).toBeLessThanOrEqual(claims.exp! - claims.iat!);
  });

  it('exits 1 on a wrong secret, with the AADSTS hint and without the secret', async () => {
    const wrong = 'Q~wrong-secret-value-for-the-cli-test';
    const run = await runCli([], { ...secretEnv(), AZURE_CLIENT_SECRET: wrong });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/AADSTS7000215/);
    expect(run.stderr).toMatch(/Hint: The client secret is wrong/);
    expect(run.stderr).not.toContain(wrong);
    expect(world().emulator.count('token')).toBe(1);
  });

  it('exits 2 on a bad flag with the usage line, before any request', async () => {
    const run = await runCli(['--tenant', TENANT_ID], secretEnv());
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^entra-token: Unknown option '--tenant'\.\nUsage: entra-token /);
    const missing = await runCli(['--scope'], secretEnv());
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/'--scope <value>' argument missing/);
    expect(world().emulator.requests).toEqual([]);
  });

  it('inside a GitHub job, masks the token on stderr before it reaches stdout, and prints nothing else', async () => {
    const lines = await runCliInterleaved([], { ...secretEnv(), GITHUB_ACTIONS: 'true' });
    const token = lines.at(-1)!;
    expect((await world().emulator.verify(token)).appid).toBe(APPS.secret);
    expect(lines.indexOf(`::add-mask::${token}`)).toBeGreaterThanOrEqual(0);
    expect(lines.indexOf(`::add-mask::${token}`)).toBeLessThan(lines.length - 1);
    expect(lines.slice(0, -1).every((line) => line.startsWith('::add-mask::'))).toBe(true);
  });

  it('inside Azure Pipelines, masks with task.setsecret, the OIDC token and system token too', async () => {
    const run = await runCli([], { ...adoEnv(), TF_BUILD: 'True' });
    expect(run.code).toBe(0);
    const token = run.stdout.trimEnd();
    const masks = run.stderr.trimEnd().split('\n');
    expect(masks).toContain(`##vso[task.setsecret]${token}`);
    expect(masks).toContain(`##vso[task.setsecret]${ADO_SYSTEM_TOKEN}`);
    expect(masks).toContain(`##vso[task.setsecret]${world().emulator.issuedOidcTokens[0]}`);
    expect(masks.every((line) => line.startsWith('##vso[task.setsecret]'))).toBe(true);
    for (const secret of [...secrets(), token]) expect(withoutMaskLines(run.stderr)).not.toContain(secret);
  });
});

describe('entra-token run', () => {
  const check = (variable: string) =>
    [
      `const token = process.env.${variable} ?? '';`,
      `const claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString());`,
      `if (claims.appid !== '${APPS.secret}') process.exit(9);`,
      `console.log('child saw a token for', claims.aud); console.error('child stderr');`,
      'process.exit(3);',
    ].join('\n');

  it("runs CMD with the token in $ACCESS_TOKEN and returns CMD's exit code, its output passed through", async () => {
    const run = await runCli(['run', '--', NODE, '-e', check('ACCESS_TOKEN')], secretEnv());
    expect(run.code).toBe(3);
    expect(run.stdout).toBe('child saw a token for https://graph.microsoft.com\n');
    expect(run.stderr).toBe('child stderr\n');
    expect(world().emulator.count('token')).toBe(1);
  });

  it('puts the token in the variable --env names, and never prints it, even in a GitHub job', async () => {
    const run = await runCli(['run', '--env', 'GRAPH_TOKEN', '--', NODE, '-e', check('GRAPH_TOKEN')], {
      ...secretEnv(),
      GITHUB_ACTIONS: 'true',
    });
    expect(run.code).toBe(3);
    expect(run.stdout).not.toMatch(/\[command\]/);
    const lines = run.stderr.split('\n');
    const mask = lines.find((line) => /^::add-mask::[\w-]+\.[\w-]+\.[\w-]+$/.test(line));
    const token = mask!.slice('::add-mask::'.length);
    expect((await world().emulator.verify(token)).appid).toBe(APPS.secret);
    expect(run.stdout).not.toContain(token);
    expect(withoutMaskLines(run.stderr)).not.toContain(token);
    expect(withoutMaskLines(run.stderr)).not.toContain(SECRET);
  });

  it('refuses a variable that steers the command, before any request', async () => {
    const run = await runCli(['run', '--env', 'PATH', '--', NODE, '-e', '0'], secretEnv());
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/Input '--env' is 'PATH'/);
    expect(world().emulator.requests).toEqual([]);
  });
});
