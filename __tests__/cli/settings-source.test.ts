// The command's inputs through the core's readSettings: precedence, and errors that name what the user set.

import { describe, expect, it } from 'vitest';
import type { Flags } from '../../src/cli/arguments.js';
import type { Environment } from '../../src/cli/credential-choice.js';
import { createCommandSource } from '../../src/cli/settings-source.js';
import { readSettings, type Settings } from '../../src/core/settings.js';

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const CLIENT = '11111111-1111-4111-8111-111111111111';
const OTHER = '22222222-2222-4222-8222-222222222222';

function settle(env: Environment, flags: Flags = {}) {
  const masked: string[] = [];
  const warnings: string[] = [];
  const output = { setSecret: (value: string) => masked.push(value), warning: (text: string) => warnings.push(text) };
  const read = (): Promise<Settings> => readSettings(createCommandSource(flags, env, output));
  return { read, masked, warnings };
}
const failure = async (env: Environment, flags: Flags = {}): Promise<string> => {
  try {
    await settle(env, flags).read();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('no failure');
};

describe('the command as a settings source', () => {
  it('reads a secret credential from the environment and masks the secret', async () => {
    const { read, masked } = settle({
      AZURE_TENANT_ID: TENANT,
      AZURE_CLIENT_ID: CLIENT,
      AZURE_CLIENT_SECRET: 'sec-ret-value',
    });
    const settings = await read();
    expect(settings.credential).toEqual({ kind: 'secret', clientSecret: 'sec-ret-value' });
    expect(settings.clientId).toBe(CLIENT);
    expect(settings.scope).toBe('https://graph.microsoft.com/.default');
    expect(masked).toContain('sec-ret-value');
  });

  it('lets flags win over AZURE_*, and AZURE_* over what a step recorded', async () => {
    const env = {
      AZURE_CLIENT_SECRET: 's',
      AZURE_TENANT_ID: TENANT,
      AZURE_CLIENT_ID: CLIENT,
      ENTRA_TOKEN_CLIENT_ID: OTHER,
      ENTRA_TOKEN_TENANT_ID: 'fabrikam.onmicrosoft.com',
    };
    expect((await settle(env, { 'client-id': OTHER }).read()).clientId).toBe(OTHER);
    expect((await settle(env).read()).clientId).toBe(CLIENT);
    const recorded = await settle({ ...env, AZURE_TENANT_ID: '', AZURE_CLIENT_ID: '' }).read();
    expect(recorded.clientId).toBe(OTHER);
    expect(recorded.authority).toMatchObject({ tenant: 'fabrikam.onmicrosoft.com' });
  });

  it('takes the authority from --authority-host, --cloud, AZURE_AUTHORITY_HOST, then the recorded one', async () => {
    const env = {
      AZURE_CLIENT_SECRET: 's',
      AZURE_TENANT_ID: TENANT,
      AZURE_CLIENT_ID: CLIENT,
      AZURE_AUTHORITY_HOST: 'https://login.example.com/',
      ENTRA_TOKEN_AUTHORITY_HOST: 'https://recorded.example.com',
    };
    expect((await settle(env).read()).authority).toMatchObject({ host: 'https://login.example.com' });
    expect((await settle(env, { cloud: 'AzureUSGovernment' }).read()).authority).toMatchObject({
      host: 'https://login.microsoftonline.us',
    });
    expect((await settle({ ...env, AZURE_AUTHORITY_HOST: '' }).read()).authority).toMatchObject({
      host: 'https://recorded.example.com',
    });
  });

  it('names the flag or variable a wrong value came from', async () => {
    const base = { AZURE_CLIENT_SECRET: 's', AZURE_TENANT_ID: TENANT };
    expect(await failure({ ...base, AZURE_CLIENT_ID: 'not-a-guid' })).toMatch(
      /^Input 'AZURE_CLIENT_ID' is 'not-a-guid'/,
    );
    expect(await failure({ ...base }, { 'client-id': 'nope' })).toMatch(/^Input '--client-id' is 'nope'/);
    expect(await failure({ ...base, AZURE_CLIENT_ID: CLIENT, ENTRA_TOKEN_AUTHORITY_HOST: 'http://x' })).toMatch(
      /^Input 'ENTRA_TOKEN_AUTHORITY_HOST' is 'http:\/\/x'; only https/,
    );
    expect(await failure({ ...base, AZURE_CLIENT_ID: CLIENT }, { 'auth-type': 'password' })).toMatch(
      /^Input '--auth-type' is 'password'; allowed values are 'auto', 'secret', 'certificate', 'oidc', 'managed-identity'/,
    );
    expect(
      await failure({ ...base, AZURE_CLIENT_ID: CLIENT }, { scope: 'https://graph.microsoft.com/User.Read.All' }),
    ).toMatch(/^Input '--scope' is .* a delegated permission/);
    expect(await failure({ ...base, AZURE_CLIENT_ID: CLIENT }, { 'timeout-seconds': '0' })).toMatch(
      /^Input '--timeout-seconds'/,
    );
  });

  it('names every place a missing value could come from', async () => {
    expect(await failure({ AZURE_CLIENT_SECRET: 's', AZURE_TENANT_ID: TENANT })).toBe(
      "Input '--client-id or AZURE_CLIENT_ID' is required to get a token with an app registration.",
    );
    expect(await failure({}, { 'auth-type': 'secret', 'tenant-id': TENANT, 'client-id': CLIENT })).toMatch(
      /^Input 'AZURE_CLIENT_SECRET' is empty, but '--auth-type' is 'secret'/,
    );
  });

  it('pairs AzureCLI@2 connection variables with their connection, and reads the ADO OIDC request', async () => {
    const settings = await settle({
      SYSTEM_OIDCREQUESTURI: 'https://dev.azure.com/org/_apis/distributedtask/oidctoken',
      SYSTEM_ACCESSTOKEN: 'system-token',
      AZURESUBSCRIPTION_SERVICE_CONNECTION_ID: 'conn-id',
      AZURESUBSCRIPTION_CLIENT_ID: CLIENT,
      AZURESUBSCRIPTION_TENANT_ID: TENANT,
      ENTRA_TOKEN_CLIENT_ID: OTHER,
    }).read();
    expect(settings.clientId).toBe(CLIENT);
    expect(settings.credential).toMatchObject({
      kind: 'federated',
      source: { kind: 'request', method: 'POST', tokenField: 'oidcToken', bearer: 'system-token' },
    });
    const url = new URL((settings.credential as { source: { url: string } }).source.url);
    expect(Object.fromEntries(url.searchParams)).toEqual({ 'api-version': '7.1', serviceConnectionId: 'conn-id' });
  });

  it('asks GitHub for the audience given, else the recorded one', async () => {
    const env = {
      ACTIONS_ID_TOKEN_REQUEST_URL: 'https://gh.example/token?api-version=2.0',
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'bearer',
      AZURE_TENANT_ID: TENANT,
      AZURE_CLIENT_ID: CLIENT,
      ENTRA_TOKEN_AUDIENCE: 'api://recorded',
    };
    const audienceOf = (settings: Settings) =>
      new URL((settings.credential as { source: { url: string } }).source.url).searchParams.get('audience');
    expect(audienceOf(await settle(env).read())).toBe('api://recorded');
    expect(audienceOf(await settle(env, { audience: 'api://flag' }).read())).toBe('api://flag');
  });

  it('reads AZURE_CLIENT_SEND_CERTIFICATE_CHAIN as @azure/identity does, and --env for run', async () => {
    const env = { AZURE_CLIENT_SECRET: 's', AZURE_TENANT_ID: TENANT, AZURE_CLIENT_ID: CLIENT };
    expect((await settle({ ...env, AZURE_CLIENT_SEND_CERTIFICATE_CHAIN: 'yes' }).read()).credential.kind).toBe(
      'secret',
    );
    expect((await settle(env, { env: 'GRAPH_TOKEN' }).read()).variableName).toBe('GRAPH_TOKEN');
    expect(await failure(env, { env: 'PATH' })).toMatch(
      /^Input '--env' is 'PATH', a variable that changes how later steps run/,
    );
  });

  it('refuses certificate or key text on the command line, without echoing it', async () => {
    const message = await failure({}, { 'private-key': '-----BEGIN PRIVATE KEY-----\nMIIE' });
    expect(message).toMatch(/'--private-key' takes a file path/);
    expect(message).not.toContain('MIIE');
  });
});

describe('the proxy', () => {
  const env = { AZURE_CLIENT_SECRET: 's', AZURE_TENANT_ID: TENANT, AZURE_CLIENT_ID: CLIENT };
  /** An agent configured with a proxy that takes a user name, and what else the step's environment holds. */
  const withAgentProxy = (more: Environment) =>
    settle({ ...env, AGENT_PROXYURL: 'http://agent-proxy:8888', AGENT_PROXYUSERNAME: 'build', ...more });

  it("uses the agent's proxy variables when present, and says when the password was not mapped", async () => {
    const { read, warnings } = withAgentProxy({
      HTTPS_PROXY: 'http://other:1',
      AGENT_PROXYBYPASSLIST: '["\\\\.contoso\\\\.com/"]',
    });
    const { proxy } = (await read()).network;
    expect(proxy?.url).toBe('http://agent-proxy:8888');
    expect(proxy?.bypass('https://login.contoso.com/x')).toBe(true);
    expect(proxy?.bypass('https://login.microsoftonline.com/x')).toBe(false);
    expect(warnings.join('\n')).toContain('env: AGENT_PROXYPASSWORD: $(Agent.ProxyPassword)');
  });

  it('masks the mapped agent proxy password and sends it as basic credentials', async () => {
    const { read, masked } = withAgentProxy({ AGENT_PROXYPASSWORD: 'proxy-pass-word' });
    expect((await read()).network.proxy?.authorization).toBe(
      `Basic ${Buffer.from('build:proxy-pass-word').toString('base64')}`,
    );
    expect(masked).toContain('proxy-pass-word');
  });

  it('otherwise honours HTTPS_PROXY and NO_PROXY, and refuses a bypass list that is not JSON', async () => {
    const proxy = (await settle({ ...env, https_proxy: 'http://p:3128', NO_PROXY: 'contoso.com' }).read()).network
      .proxy;
    expect(proxy?.url).toBe('http://p:3128');
    expect(proxy?.bypass('https://login.contoso.com/')).toBe(true);
    expect(await failure({ ...env, AGENT_PROXYURL: 'http://a:1', AGENT_PROXYBYPASSLIST: 'contoso' })).toMatch(
      /^AGENT_PROXYBYPASSLIST is not a JSON list/,
    );
  });
});
