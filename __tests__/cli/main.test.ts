// run() end to end in process, with injected environment and streams: exit codes and what goes where.
// Only paths that send no request are here; the e2e tests cover the rest against the emulator.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HELP } from '../../src/cli/help.js';
import { EXIT, run } from '../../src/cli/main.js';
import { captureStreams, fakeJwt } from './streams.js';

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const CLIENT = '11111111-1111-4111-8111-111111111111';
const folder = mkdtempSync(join(tmpdir(), 'entra-token-cli-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

async function command(argv: string[], env: Record<string, string> = {}, stdin = '') {
  const streams = captureStreams(stdin);
  const code = await run(argv, { PATH: process.env.PATH ?? '', ...env }, streams);
  return { code, stdout: streams.out(), stderr: streams.err() };
}

describe('entra-token --help', () => {
  it('lists every flag, variable and exit code on stdout', async () => {
    const result = await command(['--help']);
    expect(result.code).toBe(EXIT.ok);
    expect(result.stderr).toBe('');
    const flags = ['tenant-id', 'client-id', 'auth-type', 'scope', 'cloud', 'authority-host', 'audience'];
    flags.push('certificate', 'private-key', 'send-certificate-chain', 'timeout-seconds', 'output', 'env');
    for (const flag of flags) expect(result.stdout).toContain(`--${flag} `);
    const variables = ['AZURE_TENANT_ID', 'AZURE_CLIENT_ID', 'AZURE_CLIENT_SECRET', 'AZURE_CLIENT_CERTIFICATE_PATH'];
    variables.push('AZURE_CLIENT_CERTIFICATE_PASSWORD', 'AZURE_CLIENT_SEND_CERTIFICATE_CHAIN', 'AZURE_AUTHORITY_HOST');
    variables.push('AZURE_FEDERATED_TOKEN_FILE', 'ACTIONS_ID_TOKEN_REQUEST_URL', 'SYSTEM_OIDCREQUESTURI');
    variables.push('SYSTEM_ACCESSTOKEN', 'AZURESUBSCRIPTION_SERVICE_CONNECTION_ID', 'ENTRA_TOKEN_AUTH_TYPE');
    for (const variable of variables) expect(result.stdout).toContain(variable);
    expect(result.stdout).toMatch(/^ {2}0 {2}token got/m);
    expect(result.stdout).toMatch(/^ {2}1 {2}refused/m);
    expect(result.stdout).toMatch(/^ {2}2 {2}usage/m);
    expect(result.stdout).toBe(HELP);
  });
});

describe('usage errors exit 2, with the message and the usage line on stderr', () => {
  it.each([
    [['--bogus'], /Unknown option '--bogus'/],
    [['--scope'], /'--scope <value>' argument missing/],
    [['--output', 'xml'], /allowed values are 'token' and 'json'/],
    [['run', '--', 'no-such-command-entra-token'], /'no-such-command-entra-token' given after '--' is not on PATH/],
  ])('%j', async (argv, message) => {
    const result = await command(argv, { AZURE_CLIENT_SECRET: 'x', AZURE_TENANT_ID: TENANT, AZURE_CLIENT_ID: CLIENT });
    expect(result.code).toBe(EXIT.usage);
    expect(result.stdout).toBe('');
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines[0]).toMatch(message);
    expect(lines[1]).toMatch(/^Usage: entra-token /);
  });

  it('exits 2 when no credential is found, or an input is invalid, before any request', async () => {
    const none = await command([]);
    expect(none.code).toBe(EXIT.usage);
    expect(none.stderr).toMatch(/^entra-token: No credential found\./);
    const invalid = await command([], { AZURE_CLIENT_SECRET: 'x', AZURE_TENANT_ID: 'common', AZURE_CLIENT_ID: CLIENT });
    expect(invalid.code).toBe(EXIT.usage);
    expect(invalid.stderr).toMatch(/Input 'AZURE_TENANT_ID' is 'common'/);
    expect(invalid.stderr).not.toContain('Usage:');
  });

  it('never prints the secret it was given, and masks it first inside a GitHub job', async () => {
    const secret = 'Q~8vLx.3kT_secret-value-for-unit-test';
    const env = { AZURE_CLIENT_SECRET: secret, AZURE_TENANT_ID: 'common', AZURE_CLIENT_ID: CLIENT };
    const outside = await command([], env);
    expect(outside.stderr).not.toContain(secret);
    const inside = await command([], { ...env, GITHUB_ACTIONS: 'true' });
    expect(inside.stderr.split('\n')[0]).toBe(`::add-mask::${secret}`);
    expect(inside.stderr.split('\n').slice(1).join('\n')).not.toContain(secret);
  });
});

describe('refusals once the token is being got exit 1', () => {
  it('a federated token file that is not there', async () => {
    const result = await command([], {
      AZURE_FEDERATED_TOKEN_FILE: join(folder, 'missing-token'),
      AZURE_TENANT_ID: TENANT,
      AZURE_CLIENT_ID: CLIENT,
      AZURE_AUTHORITY_HOST: 'https://127.0.0.1:9',
    });
    expect(result.code).toBe(EXIT.refused);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/AZURE_FEDERATED_TOKEN_FILE names '.*missing-token', which does not exist/);
  });
});

describe('entra-token inspect', () => {
  const claims = {
    aud: 'https://graph.microsoft.com',
    tid: TENANT,
    appid: CLIENT,
    iat: 1_700_000_000,
    exp: 1_700_003_600,
  };

  it('prints the claims, never the token or its signature, and warns on stderr when roles are missing', async () => {
    const token = fakeJwt(claims);
    const result = await command(['inspect'], {}, `${token}\n`);
    expect(result.code).toBe(EXIT.ok);
    expect(result.stdout).toMatch(/^Audience \(aud\): +https:\/\/graph\.microsoft\.com$/m);
    expect(result.stdout).toMatch(/^Expires [^:]*: +2023-11-14T23:13:20Z$/m);
    expect(result.stdout).not.toContain(token.split('.')[2]);
    expect(result.stdout).not.toContain(token.split('.')[1]);
    expect(result.stderr).toMatch(/warning: The token has no 'roles' claim/);
  });

  it('takes a token with its Bearer prefix, and shows roles without a warning', async () => {
    const result = await command(['inspect'], {}, `Bearer ${fakeJwt({ ...claims, roles: ['Sites.Read.All'] })}`);
    expect(result.code).toBe(EXIT.ok);
    expect(result.stdout).toMatch(/^Application roles \(roles\): +Sites\.Read\.All$/m);
    expect(result.stderr).toBe('');
  });

  it('breaks host commands hidden in claims', async () => {
    const result = await command(['inspect'], {}, fakeJwt({ ...claims, aud: '##vso[task.setvariable variable=x]y' }));
    expect(result.stdout).not.toContain('##vso[');
  });

  it('exits 1 on input that is not a JWT, empty input and input over 64 KiB', async () => {
    const opaque = await command(['inspect'], {}, 'opaque-token-value');
    expect(opaque.code).toBe(EXIT.refused);
    expect(opaque.stderr).toMatch(/not a JWT/);
    expect(opaque.stderr).not.toContain('opaque-token-value');
    expect((await command(['inspect'], {}, '')).stderr).toMatch(/No token on stdin/);
    const huge = await command(['inspect'], {}, 'a'.repeat(64 * 1024 + 1));
    expect(huge.code).toBe(EXIT.refused);
    expect(huge.stderr).toMatch(/more than 64 KiB/);
  });
});
