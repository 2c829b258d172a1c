// What the host hands the step besides inputs, through the built bundles: service connections of every shape,
// the agent's proxy and certificate settings, the job's OIDC request URL. Misconfiguration names the setting.

import { describe, expect, it } from 'vitest';
import { ADO_SYSTEM_TOKEN, GITHUB_REQUEST_TOKEN } from '../../emulator/server.js';
import { runAzure, runGitHub, type ServiceConnection } from '../helpers/hosts.js';
import { azureOutcome, githubOutcome, runOn } from '../helpers/scenario.js';
import { useWorld } from '../helpers/use-world.js';
import { ADO_CONNECTION, APPS, IDENTITIES, SECRET, TENANT_ID } from '../helpers/world.js';

const { world } = useWorld();

const connection = (
  scheme: string,
  parameters: Record<string, string>,
  data: Record<string, string> = {},
): ServiceConnection => ({
  id: ADO_CONNECTION.id,
  scheme,
  parameters: { tenantid: TENANT_ID, ...parameters },
  data: { environment: 'AzureCloud', activeDirectoryAuthority: `${world().emulator.url}/`, ...data },
});
const runConnection = (endpoint: ServiceConnection, options: Partial<Parameters<typeof runAzure>[1]> = {}) =>
  runAzure(
    { authenticationMethod: 'serviceConnection', azureSubscription: endpoint.id },
    { caFile: world().emulator.caFile, endpoints: [endpoint], ...options },
  ).then(azureOutcome);
const spnKey = { authenticationType: 'spnKey', serviceprincipalid: APPS.secret, serviceprincipalkey: SECRET };

describe('Azure Resource Manager service connections', () => {
  it("asks IMDS for a user-assigned identity's token by the connection's msiclientId", async () => {
    const outcome = await runConnection(connection('ManagedServiceIdentity', {}, { msiclientId: IDENTITIES.user }), {
      env: { AZURE_POD_IDENTITY_AUTHORITY_HOST: world().emulator.imdsUrl },
    });
    expect(outcome.failure).toBeUndefined();
    expect(world().emulator.requests[0]!.query.client_id).toBe(IDENTITIES.user);
  });

  it('uses an Azure Stack Hub connection whose authority is AD FS', async () => {
    const outcome = await runConnection(
      connection(
        'ServicePrincipal',
        { ...spnKey, tenantid: 'adfs' },
        {
          environment: 'AzureStack',
          activeDirectoryAuthority: '',
          environmentAuthorityUrl: `${world().emulator.url}/adfs/`,
        },
      ),
    );
    expect(outcome.failure).toBeUndefined();
    expect(world().emulator.requests.map((request) => request.endpoint)).toEqual(['adfs-token']);
  });

  it('refuses a connection whose tenant ID could redirect the request', async () => {
    const outcome = await runConnection(connection('ServicePrincipal', { ...spnKey, tenantid: 'evil.com/x?' }));
    expect(outcome.failure).toMatch(/tenant ID is 'evil\.com\/x\?', which is neither a GUID nor a domain name/);
    expect(world().emulator.count('token')).toBe(0);
  });

  it('refuses an http:// System.OidcRequestUri: the request carries the system token', async () => {
    const outcome = await runConnection(
      connection('WorkloadIdentityFederation', { serviceprincipalid: APPS.federated }),
      { systemAccessToken: ADO_SYSTEM_TOKEN, variables: { 'System.OidcRequestUri': 'http://127.0.0.1:9/oidc' } },
    );
    expect(outcome.failure).toMatch(
      /System\.OidcRequestUri is 'http:\/\/127\.0\.0\.1:9\/oidc'; .*only an https:\/\/ URL/,
    );
    expect(world().emulator.requests).toEqual([]);
  });
});

describe('the agent', () => {
  const secretTask = (variables: Record<string, string>, env: Record<string, string> = {}) =>
    runOn(
      'azure',
      { method: 'secret', tenant: TENANT_ID, client: APPS.secret, secret: SECRET, authority: world().emulator.url },
      { caFile: world().emulator.caFile, variables, env },
    );

  it("trusts the authority through the agent's CA file alone (Agent.CAInfo, no NODE_EXTRA_CA_CERTS)", async () => {
    const outcome = await secretTask({ 'Agent.CAInfo': world().emulator.caFile }, { NODE_EXTRA_CA_CERTS: '' });
    expect(outcome.failure).toBeUndefined();
    const untrusted = await secretTask({}, { NODE_EXTRA_CA_CERTS: '' });
    expect(untrusted.failure).toMatch(/not trusted \(/);
  });

  it.each([
    [{ 'Agent.ProxyUrl': 'proxy.corp:8080' }, /Agent\.ProxyUrl \('proxy\.corp:8080'\) is not a proxy URL/],
    [
      { 'Agent.ProxyUrl': 'http://proxy.corp:8080', 'Agent.ProxyBypassList': 'not json' },
      /Agent\.ProxyBypassList\) is not a JSON list/,
    ],
    [
      { 'Agent.ProxyUrl': 'http://proxy.corp:8080', 'Agent.ProxyBypassList': '["(unclosed"]' },
      /Agent\.ProxyBypassList holds '\(unclosed'/,
    ],
  ])('names the agent setting that is wrong: %j', async (variables, message) => {
    const outcome = await secretTask(variables);
    expect(outcome.failure).toMatch(message);
    expect(outcome.failure).not.toMatch(/\n\s+at /);
  });

  it('reports a failure the way the agent expects: task.complete result=Failed, exit code 0', async () => {
    const outcome = await runOn(
      'azure',
      {
        method: 'secret',
        tenant: TENANT_ID,
        client: APPS.secret,
        secret: 'wrong-secret-000000',
        authority: world().emulator.url,
      },
      { caFile: world().emulator.caFile },
    );
    expect(outcome.run.code).toBe(0);
    expect(outcome.failure).toMatch(/AADSTS7000215/);
  });
});

describe('the GitHub runner', () => {
  const oidcAction = (env: Record<string, string>) =>
    runGitHub(
      {
        'auth-type': 'oidc',
        'tenant-id': TENANT_ID,
        'client-id': APPS.federated,
        'authority-host': world().emulator.url,
      },
      { caFile: world().emulator.caFile, env },
    ).then(githubOutcome);

  it('refuses an http:// ACTIONS_ID_TOKEN_REQUEST_URL: the request carries the runtime token', async () => {
    const outcome = await oidcAction({
      ACTIONS_ID_TOKEN_REQUEST_URL: 'http://127.0.0.1:9/token?x=1',
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: GITHUB_REQUEST_TOKEN,
    });
    expect(outcome.failure).toMatch(
      /ACTIONS_ID_TOKEN_REQUEST_URL is 'http:\/\/127\.0\.0\.1:9\/token'; .*only an https:\/\/ URL/,
    );
  });

  it.each([
    [{ HTTPS_PROXY: 'proxy.corp:8080' }, /HTTPS_PROXY \('proxy\.corp:8080'\) is not a proxy URL/],
    [
      { https_proxy: 'http://user:50%zz@proxy.corp:8080' },
      /https_proxy: the proxy password holds a '%' that is not a valid escape/,
    ],
  ])('names the proxy variable that is wrong: %j', async (env, message) => {
    const outcome = await runGitHub(
      {
        'tenant-id': TENANT_ID,
        'client-id': APPS.secret,
        'client-secret': SECRET,
        'authority-host': world().emulator.url,
      },
      { caFile: world().emulator.caFile, env },
    ).then(githubOutcome);
    expect(outcome.failure).toMatch(message);
    expect(outcome.failure).not.toMatch(/\n\s+at /);
  });
});
