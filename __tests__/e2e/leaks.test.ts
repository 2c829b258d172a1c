// Leak-proofing: successes and failures of every credential kind, with the hosts' debug logging on. No secret
// may appear in stdout or stderr outside the host's own mask and secret-variable commands (and only after its
// mask), nor in any file left in the job's home, temp and work folders, summary included.

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ConnectProxy } from '../helpers/proxy.js';
import { ADO_SYSTEM_TOKEN, GITHUB_REQUEST_TOKEN } from '../../emulator/server.js';
import { runAzure, runGitHub, type Run, type ServiceConnection } from '../helpers/hosts.js';
import { findLeaks } from '../helpers/leaks.js';
import { ADO_CONNECTION, APPS, CERT_PASSWORD, createWorld, SECRET, TENANT_ID, type World } from '../helpers/world.js';

const DEBUG = { RUNNER_DEBUG: '1', ACTIONS_STEP_DEBUG: 'true' };
const WRONG_SECRET = 'wrong-secret-value-000000';
const WRONG_PASSWORD = 'wrong-password-000000';
const PROXY_PASSWORD = 'proxy-p@ss-000000';

let world: World;
let proxy: ConnectProxy;
beforeAll(async () => {
  world = await createWorld();
  proxy = await ConnectProxy.start({ username: 'agent', password: PROXY_PASSWORD });
});
afterAll(async () => Promise.all([world?.close(), proxy?.close()]));
beforeEach(() => world.emulator.clear());

/** Everything secret the scenarios handle, the tokens issued during the run included. */
function secretsAfter(run: Run): string[] {
  const tokens = run.lines.flatMap((line) => line.match(/eyJ[\w-]+\.[\w-]+\.[\w-]+/g) ?? []);
  return [
    SECRET,
    WRONG_SECRET,
    WRONG_PASSWORD,
    CERT_PASSWORD,
    PROXY_PASSWORD,
    GITHUB_REQUEST_TOKEN,
    ADO_SYSTEM_TOKEN,
    world.cert.keyPem,
    world.encryptedKey,
    world.pfxBase64,
    ...world.emulator.issuedOidcTokens,
    ...tokens,
  ];
}

describe('GitHub bundle with RUNNER_DEBUG=1', () => {
  const cases: [string, () => Record<string, string>, Record<string, string>?][] = [
    ['secret', () => ({ 'client-id': APPS.secret, 'client-secret': SECRET })],
    ['wrong secret', () => ({ 'client-id': APPS.secret, 'client-secret': WRONG_SECRET })],
    ['expired secret', () => ({ 'client-id': APPS.expiredSecret, 'client-secret': SECRET })],
    ['PEM with key', () => ({ 'client-id': APPS.certificate, certificate: world.cert.certPem + world.cert.keyPem })],
    [
      'base64 PFX',
      () => ({ 'client-id': APPS.certificate, certificate: world.pfxBase64, 'certificate-password': CERT_PASSWORD }),
    ],
    [
      'PFX, wrong password',
      () => ({ 'client-id': APPS.certificate, certificate: world.files.pfx, 'certificate-password': WRONG_PASSWORD }),
    ],
    [
      'encrypted key',
      () => ({
        'client-id': APPS.certificate,
        certificate: world.cert.certPem,
        'private-key': world.encryptedKey,
        'certificate-password': CERT_PASSWORD,
      }),
    ],
    [
      'encrypted key, wrong passphrase',
      () => ({
        'client-id': APPS.certificate,
        certificate: world.cert.certPem,
        'private-key': world.encryptedKey,
        'certificate-password': WRONG_PASSWORD,
      }),
    ],
    [
      'unregistered certificate',
      () => ({ 'client-id': APPS.certificate, certificate: world.stranger.certPem + world.stranger.keyPem }),
    ],
    [
      'fractional timeout, resource with a trailing slash',
      () => ({
        'client-id': APPS.secret,
        'client-secret': SECRET,
        'timeout-seconds': '15.5',
        scope: 'https://management.core.windows.net/',
      }),
    ],
    [
      'scope carrying a logging command',
      () => ({ 'client-id': APPS.secret, 'client-secret': SECRET, scope: 'api://x##vso[task.setsecret]y/.default' }),
    ],
    [
      'a directory as the certificate file, with a password',
      () => ({ 'client-id': APPS.certificate, certificate: world.folder, 'certificate-password': CERT_PASSWORD }),
    ],
    [
      'a device as the certificate file, with a password',
      () => ({ 'client-id': APPS.certificate, certificate: '/dev/zero', 'certificate-password': CERT_PASSWORD }),
    ],
    ['OIDC', () => ({ 'client-id': APPS.federated }), {}],
    ['OIDC, unknown client', () => ({ 'client-id': APPS.unknown }), {}],
    [
      'secret through an authenticating proxy',
      () => ({ 'client-id': APPS.secret, 'client-secret': SECRET }),
      { proxy: 'yes' },
    ],
  ];

  it.each(cases)('%s', async (_name, inputs, flags) => {
    const env: Record<string, string> = { ...DEBUG };
    if (flags) Object.assign(env, world.emulator.githubOidcEnvironment());
    if (flags?.proxy) {
      const url = new URL(proxy.url);
      url.username = 'agent';
      url.password = PROXY_PASSWORD;
      env.HTTPS_PROXY = url.toString();
    }
    const run = await runGitHub(
      { 'tenant-id': TENANT_ID, 'authority-host': world.emulator.url, ...inputs() },
      { caFile: world.emulator.caFile, env },
    );
    if (world.emulator.requests.length > 0) expect(run.lines.some((line) => line.startsWith('::debug::'))).toBe(true);
    expect(findLeaks(run, secretsAfter(run), { channelFiles: ['github_output', 'github_env'] })).toEqual([]);
    expect(run.summary).not.toMatch(/eyJ/);
  });
});

describe('Azure bundle with System.Debug=true', () => {
  const connection = (scheme: string, parameters: Record<string, string>): ServiceConnection => ({
    id: ADO_CONNECTION.id,
    scheme,
    parameters: { tenantid: TENANT_ID, ...parameters },
    data: { activeDirectoryAuthority: world.emulator.url },
  });
  const cases: [string, () => Record<string, string>, (() => ServiceConnection)?][] = [
    ['client secret', () => ({ authenticationMethod: 'clientSecret', clientId: APPS.secret, clientSecret: SECRET })],
    [
      'wrong client secret',
      () => ({ authenticationMethod: 'clientSecret', clientId: APPS.secret, clientSecret: WRONG_SECRET }),
    ],
    [
      'PFX',
      () => ({
        authenticationMethod: 'certificate',
        clientId: APPS.certificate,
        certificate: world.pfxBase64,
        certificatePassword: CERT_PASSWORD,
      }),
    ],
    [
      'PFX, wrong password',
      () => ({
        authenticationMethod: 'certificate',
        clientId: APPS.certificate,
        certificate: world.pfxBase64,
        certificatePassword: WRONG_PASSWORD,
      }),
    ],
    [
      'encrypted key',
      () => ({
        authenticationMethod: 'certificate',
        clientId: APPS.certificate,
        certificate: world.cert.certPem,
        privateKey: world.encryptedKey,
        certificatePassword: CERT_PASSWORD,
      }),
    ],
    [
      'fractional timeout, bare resource',
      () => ({
        authenticationMethod: 'clientSecret',
        clientId: APPS.secret,
        clientSecret: SECRET,
        timeoutSeconds: '20',
        scope: 'https://management.azure.com',
      }),
    ],
    [
      'a directory as the certificate file, with a password',
      () => ({
        authenticationMethod: 'certificate',
        clientId: APPS.certificate,
        certificate: world.folder,
        certificatePassword: CERT_PASSWORD,
      }),
    ],
    [
      'spnKey connection',
      () => ({}),
      () =>
        connection('ServicePrincipal', {
          authenticationType: 'spnKey',
          serviceprincipalid: APPS.secret,
          serviceprincipalkey: SECRET,
        }),
    ],
    [
      'spnKey connection, wrong key',
      () => ({}),
      () =>
        connection('ServicePrincipal', {
          authenticationType: 'spnKey',
          serviceprincipalid: APPS.secret,
          serviceprincipalkey: WRONG_SECRET,
        }),
    ],
    [
      'spnCertificate connection',
      () => ({}),
      () =>
        connection('ServicePrincipal', {
          authenticationType: 'spnCertificate',
          serviceprincipalid: APPS.certificate,
          servicePrincipalCertificate: world.cert.certPem + world.cert.keyPem,
        }),
    ],
    [
      'workload identity federation',
      () => ({}),
      () => connection('WorkloadIdentityFederation', { serviceprincipalid: APPS.federated }),
    ],
    [
      'workload identity federation, unknown client',
      () => ({}),
      () => connection('WorkloadIdentityFederation', { serviceprincipalid: APPS.unknown }),
    ],
  ];

  it.each(cases)('%s', async (_name, inputs, endpoint) => {
    const run = await runAzure(
      endpoint
        ? { authenticationMethod: 'serviceConnection', azureSubscription: ADO_CONNECTION.id }
        : { tenantId: TENANT_ID, authorityHost: world.emulator.url, ...inputs() },
      {
        caFile: world.emulator.caFile,
        endpoints: endpoint ? [endpoint()] : [],
        variables: {
          'System.Debug': 'true',
          'System.OidcRequestUri': world.emulator.adoOidcRequestUri,
          'Agent.ProxyUrl': proxy.url,
          'Agent.ProxyUsername': 'agent',
          'Agent.ProxyBypassList': '[]',
        },
        secretVariables: { 'Agent.ProxyPassword': PROXY_PASSWORD },
        systemAccessToken: ADO_SYSTEM_TOKEN,
      },
    );
    if (world.emulator.requests.length > 0)
      expect(run.lines.some((line) => line.startsWith('##vso[task.debug]'))).toBe(true);
    expect(findLeaks(run, secretsAfter(run))).toEqual([]);
    expect(run.summary).not.toMatch(/eyJ/);
  });
});
