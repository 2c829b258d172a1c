// Secretless and service-connection credentials through the built bundles: GitHub OIDC, Azure Resource
// Manager service connections (secret, certificate, workload identity federation, managed identity), and the
// agent's or runner's managed identity.

import { describe, expect, it } from 'vitest';
import { ADO_SYSTEM_TOKEN, GITHUB_REQUEST_TOKEN } from '../../emulator/server.js';
import { runAzure, runGitHub, type ServiceConnection } from '../helpers/hosts.js';
import { findLeaks, maskedBeforeUse } from '../helpers/leaks.js';
import { azureOutcome, githubOutcome, HOSTS, runOn } from '../helpers/scenario.js';
import { useWorld } from '../helpers/use-world.js';
import { ADO_CONNECTION, APPS, IDENTITIES, SECRET, TENANT_ID } from '../helpers/world.js';

const { world } = useWorld();

const CHANNELS = { channelFiles: ['github_output', 'github_env'] };
const allSecrets = (...more: string[]) => [
  SECRET,
  world().cert.keyPem,
  GITHUB_REQUEST_TOKEN,
  ADO_SYSTEM_TOKEN,
  ...world().emulator.issuedOidcTokens,
  ...more,
];

describe('GitHub OIDC federated credential', () => {
  const runOidc = (
    inputs: Record<string, string> = {},
    env: Record<string, string> = world().emulator.githubOidcEnvironment(),
  ) =>
    runGitHub(
      { 'tenant-id': TENANT_ID, 'client-id': APPS.federated, 'authority-host': world().emulator.url, ...inputs },
      { caFile: world().emulator.caFile, env },
    ).then(githubOutcome);

  it('is what auth-type auto uses without a secret or certificate, with one OIDC and one token request', async () => {
    const outcome = await runOidc();
    expect(outcome.failure).toBeUndefined();
    expect((await world().emulator.verify(outcome.token!)).appid).toBe(APPS.federated);
    expect(world().emulator.requests.map((request) => request.endpoint)).toEqual(['github-oidc', 'token']);
    expect(world().emulator.requests[1]!.credential).toBe('federated');
    const [oidcToken] = world().emulator.issuedOidcTokens;
    expect(maskedBeforeUse(outcome.run, oidcToken!)).toBe(true);
    expect(findLeaks(outcome.run, allSecrets(outcome.token!), CHANNELS)).toEqual([]);
    expect(outcome.summary).toMatch(/federated \(GitHub OIDC\)/);
  });

  it('asks GitHub for the audience given', async () => {
    const outcome = await runOidc({ 'auth-type': 'oidc', audience: 'api://custom-audience' });
    expect(outcome.failure).toMatch(/AADSTS700212[\s\S]*aud "api:\/\/custom-audience"/);
    expect(world().emulator.requests.map((request) => request.endpoint)).toEqual(['github-oidc', 'token']);
  });

  it('says the job needs id-token: write when the runner offers no OIDC token', async () => {
    const outcome = await runOidc({}, {});
    expect(outcome.succeeded).toBe(false);
    expect(outcome.failure).toMatch(/permissions: id-token: write/);
    expect(outcome.failure).toMatch(/forks/);
    expect(world().emulator.requests).toEqual([]);
  });

  it('shows the presented claims and the subject shapes when no federated credential matches', async () => {
    world().emulator.githubSubject = 'repo:Octo-Org/octo-repo:pull_request';
    const outcome = await runOidc();
    expect(outcome.succeeded).toBe(false);
    expect(outcome.failure).toMatch(/AADSTS700213/);
    expect(outcome.failure).toContain(`sub "repo:Octo-Org/octo-repo:pull_request"`);
    expect(outcome.failure).toContain(`iss "${world().emulator.githubIssuer}"`);
    expect(outcome.failure).toMatch(/case-sensitive/);
    expect(outcome.failure).toContain('repo:OWNER/REPO:environment:NAME');
    expect(world().emulator.count('token')).toBe(1);
    expect(findLeaks(outcome.run, allSecrets(), CHANNELS)).toEqual([]);
  });
});

describe('Azure Resource Manager service connection', () => {
  const connection = (
    scheme: string,
    parameters: Record<string, string>,
    data: Record<string, string> = {},
  ): ServiceConnection => ({
    id: 'f1e2d3c4-0000-4000-8000-000000000001',
    scheme,
    parameters: { tenantid: TENANT_ID, ...parameters },
    data: { environment: 'AzureCloud', activeDirectoryAuthority: `${world().emulator.url}/`, ...data },
  });
  const runConnection = (
    endpoint: ServiceConnection | undefined,
    extra: Parameters<typeof runAzure>[1] extends infer O ? Partial<O> : never = {},
    inputs: Record<string, string> = {},
  ) =>
    runAzure(
      {
        authenticationMethod: 'serviceConnection',
        azureSubscription: endpoint?.id ?? 'f1e2d3c4-0000-4000-8000-000000000001',
        ...inputs,
      },
      { caFile: world().emulator.caFile, endpoints: endpoint ? [endpoint] : [], ...extra },
    ).then(azureOutcome);

  it('uses a service principal with a secret (spnKey)', async () => {
    const outcome = await runConnection(
      connection('ServicePrincipal', {
        authenticationType: 'spnKey',
        serviceprincipalid: APPS.secret,
        serviceprincipalkey: SECRET,
      }),
    );
    expect(outcome.failure).toBeUndefined();
    expect((await world().emulator.verify(outcome.token!)).appid).toBe(APPS.secret);
    expect(world().emulator.requests[0]!.credential).toBe('secret');
    expect(findLeaks(outcome.run, allSecrets(outcome.token!))).toEqual([]);
  });

  it('uses a service principal with a certificate (spnCertificate)', async () => {
    const outcome = await runConnection(
      connection('ServicePrincipal', {
        authenticationType: 'spnCertificate',
        serviceprincipalid: APPS.certificate,
        servicePrincipalCertificate: world().cert.certPem + world().cert.keyPem,
      }),
    );
    expect(outcome.failure).toBeUndefined();
    expect(world().emulator.requests[0]!.assertion?.thumbprintHeader).toBe('x5t#S256');
    expect(findLeaks(outcome.run, allSecrets(outcome.token!))).toEqual([]);
  });

  it('uses workload identity federation: one OIDC request to Azure DevOps, one token request', async () => {
    const outcome = await runConnection(
      { ...connection('WorkloadIdentityFederation', { serviceprincipalid: APPS.federated }), id: ADO_CONNECTION.id },
      {
        variables: { 'System.OidcRequestUri': world().emulator.adoOidcRequestUri },
        systemAccessToken: ADO_SYSTEM_TOKEN,
      },
    );
    expect(outcome.failure).toBeUndefined();
    expect((await world().emulator.verify(outcome.token!)).appid).toBe(APPS.federated);
    expect(world().emulator.requests.map((request) => request.endpoint)).toEqual(['ado-oidc', 'token']);
    expect(maskedBeforeUse(outcome.run, world().emulator.issuedOidcTokens[0]!)).toBe(true);
    expect(maskedBeforeUse(outcome.run, ADO_SYSTEM_TOKEN)).toBe(true);
    expect(findLeaks(outcome.run, allSecrets(outcome.token!))).toEqual([]);
  });

  it('says what is missing for workload identity federation without System.OidcRequestUri', async () => {
    const outcome = await runConnection(
      connection('WorkloadIdentityFederation', { serviceprincipalid: APPS.federated }),
      { systemAccessToken: ADO_SYSTEM_TOKEN },
    );
    expect(outcome.failure).toMatch(/System\.OidcRequestUri/);
    expect(world().emulator.requests).toEqual([]);
  });

  it('says what is missing for workload identity federation without the system token', async () => {
    const outcome = await runConnection(
      connection('WorkloadIdentityFederation', { serviceprincipalid: APPS.federated }),
      {
        variables: { 'System.OidcRequestUri': world().emulator.adoOidcRequestUri },
      },
    );
    expect(outcome.failure).toMatch(/SYSTEMVSSCONNECTION/);
    expect(world().emulator.requests).toEqual([]);
  });

  it('uses the managed identity behind a ManagedServiceIdentity connection', async () => {
    const outcome = await runConnection(connection('ManagedServiceIdentity', {}), {
      env: { AZURE_POD_IDENTITY_AUTHORITY_HOST: world().emulator.imdsUrl },
    });
    expect(outcome.failure).toBeUndefined();
    expect((await world().emulator.verify(outcome.token!)).appid).toBe(IDENTITIES.system);
    expect(world().emulator.requests.map((request) => request.endpoint)).toEqual(['imds']);
  });

  it('names azureSubscription when the agent did not pass the connection', async () => {
    const outcome = await runConnection(undefined);
    expect(outcome.failure).toMatch(
      /Input 'azureSubscription'.*no service connection 'f1e2d3c4-0000-4000-8000-000000000001'/,
    );
  });

  it('takes the authority from environmentAuthorityUrl, and lets authorityHost override it', async () => {
    const viaData = await runConnection(
      connection(
        'ServicePrincipal',
        { serviceprincipalid: APPS.secret, serviceprincipalkey: SECRET },
        { activeDirectoryAuthority: '', environmentAuthorityUrl: world().emulator.url },
      ),
    );
    expect(viaData.failure).toBeUndefined();
    const overridden = await runConnection(
      connection(
        'ServicePrincipal',
        { serviceprincipalid: APPS.secret, serviceprincipalkey: SECRET },
        { activeDirectoryAuthority: 'https://login.microsoftonline.com/' },
      ),
      {},
      { authorityHost: world().emulator.url },
    );
    expect(overridden.failure).toBeUndefined();
    expect(world().emulator.count('token')).toBe(2);
  });
});

describe.each(HOSTS)('%s managed identity', (host) => {
  const run = (client?: string) =>
    runOn(
      host,
      { method: 'managed-identity', ...(client ? { client } : {}) },
      { caFile: world().emulator.caFile, env: { AZURE_POD_IDENTITY_AUTHORITY_HOST: world().emulator.imdsUrl } },
    );

  it('gets the system-assigned identity a token without a tenant, in one IMDS request', async () => {
    const outcome = await run();
    expect(outcome.failure).toBeUndefined();
    expect((await world().emulator.verify(outcome.token!)).appid).toBe(IDENTITIES.system);
    expect(world().emulator.requests.map((request) => request.endpoint)).toEqual(['imds']);
  });

  it('picks a user-assigned identity by client ID', async () => {
    const outcome = await run(IDENTITIES.user);
    expect((await world().emulator.verify(outcome.token!)).appid).toBe(IDENTITIES.user);
  });

  it('reports an identity the VM does not have', async () => {
    const outcome = await run('cccccccc-cccc-4ccc-8ccc-cccccccccccc');
    expect(outcome.succeeded).toBe(false);
    expect(outcome.failure).toMatch(/Identity not found/);
    expect(world().emulator.count('imds')).toBe(1);
  });
});
