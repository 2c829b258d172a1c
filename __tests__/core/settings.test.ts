// Input parsing: one validated Settings object, or an error that names the input, the problem and the fix.

import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/core/errors.js';
import { normalizeScope } from '../../src/core/scope.js';
import { readSettings } from '../../src/core/settings.js';
import { FakeHost } from '../helpers/fake-host.js';

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const CLIENT = '11111111-1111-4111-8111-111111111111';
const base = { 'tenant-id': TENANT, 'client-id': CLIENT, 'client-secret': 'secret-value-123' };

const settingsOf = (inputs: Record<string, string>) => readSettings(new FakeHost(inputs));
const errorOf = async (inputs: Record<string, string>): Promise<string> => {
  try {
    await settingsOf(inputs);
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    return (error as Error).message;
  }
  throw new Error('expected a UserError');
};

describe('readSettings', () => {
  it('reads a client-secret configuration with the defaults', async () => {
    const settings = await settingsOf(base);
    expect(settings).toMatchObject({
      clientId: CLIENT,
      authority: { host: 'https://login.microsoftonline.com', tenant: TENANT },
      scope: 'https://graph.microsoft.com/.default',
      timeoutMs: 60_000,
      credential: { kind: 'secret', clientSecret: 'secret-value-123' },
      credentialLabel: 'client secret',
    });
    expect(settings.variableName).toBeUndefined();
  });

  it('masks every secret input before anything else', async () => {
    const host = new FakeHost({ ...base, 'certificate-password': 'pw-123456', 'auth-type': 'bogus' });
    await expect(readSettings(host)).rejects.toThrow(UserError);
    expect(host.secrets).toEqual(['secret-value-123', 'pw-123456']);
  });

  it.each([
    ['AzureUSGovernment', 'https://login.microsoftonline.us'],
    ['azurechinacloud', 'https://login.chinacloudapi.cn'],
  ])('maps cloud %s to its authority host', async (cloud, host) => {
    expect((await settingsOf({ ...base, cloud })).authority?.host).toBe(host);
  });

  it('lets authority-host override the cloud and strips a trailing slash', async () => {
    expect(
      (
        await settingsOf({
          ...base,
          cloud: 'AzureUSGovernment',
          'authority-host': 'https://login.local.azurestack.external/',
        })
      ).authority?.host,
    ).toBe('https://login.local.azurestack.external');
  });

  it('resolves auto to the secret when both secret and certificate are given, and warns', async () => {
    const host = new FakeHost({
      ...base,
      certificate: '-----BEGIN CERTIFICATE-----\nnot read\n-----END CERTIFICATE-----',
    });
    expect((await readSettings(host)).credential.kind).toBe('secret');
    expect(host.warnings).toEqual([
      expect.stringMatching(/Using the client secret; ignoring 'certificate'.*'auth-type'/),
    ]);
  });

  it('resolves auto to GitHub OIDC without a secret or certificate, masking the request bearer', async () => {
    const host = new FakeHost({ 'tenant-id': TENANT, 'client-id': CLIENT });
    const settings = await readSettings(host);
    expect(settings.credential).toMatchObject({ kind: 'federated', source: { tokenField: 'value' } });
    expect(host.secrets).toContain('request-bearer-0001');
  });

  it('needs no tenant for managed identity, and takes client-id as the user-assigned identity', async () => {
    expect(await settingsOf({ 'auth-type': 'managed-identity' })).toMatchObject({
      clientId: '',
      credential: { kind: 'managed-identity' },
    });
    expect((await settingsOf({ 'auth-type': 'managed-identity', 'client-id': CLIENT })).credentialLabel).toBe(
      'managed identity (user-assigned)',
    );
  });

  it('reads a valid export-variable and timeout', async () => {
    expect(await settingsOf({ ...base, 'export-variable': 'GRAPH_TOKEN', 'timeout-seconds': '2.5' })).toMatchObject({
      variableName: 'GRAPH_TOKEN',
      timeoutMs: 2500,
    });
  });

  it.each([
    [
      { 'auth-type': 'password' },
      /Input 'auth-type' is 'password'; allowed values are 'auto', 'secret', 'certificate', 'oidc', 'managed-identity'/,
    ],
    [{ 'tenant-id': '' }, /Input 'tenant-id' is required/],
    [{ 'tenant-id': 'not a tenant!' }, /Input 'tenant-id' is 'not a tenant!', which is neither a GUID nor a domain/],
    [{ 'tenant-id': 'common' }, /Input 'tenant-id' is 'common'; client credentials need a specific tenant/],
    [{ 'client-id': '' }, /Input 'client-id' is required/],
    [{ 'client-id': '1234' }, /Input 'client-id' is '1234', which is not a GUID/],
    [{ 'auth-type': 'secret', 'client-secret': '' }, /Input 'client-secret' is empty, but 'auth-type' is 'secret'/],
    [{ 'auth-type': 'certificate' }, /Input 'certificate' is empty, but 'auth-type' is 'certificate'/],
    [
      { scope: 'https://graph.microsoft.com/User.Read.All' },
      /delegated permission.*'https:\/\/graph\.microsoft\.com\/\.default'.*'User\.Read\.All'.*application permission/,
    ],
    [
      { scope: 'https://graph.microsoft.com/.default https://management.azure.com/.default' },
      /several scopes.*one '<resource>\/\.default' per step/,
    ],
    [
      { cloud: 'AzureGermanCloud' },
      /Input 'cloud' is 'AzureGermanCloud'; allowed values are 'AzureCloud', 'AzureUSGovernment', 'AzureChinaCloud'/,
    ],
    [
      { 'authority-host': 'http://login.microsoftonline.com' },
      /Input 'authority-host' is 'http:\/\/login\.microsoftonline\.com'; only https:\/\/ is allowed/,
    ],
    [
      { 'authority-host': 'login.microsoftonline.com' },
      /Input 'authority-host' is 'login\.microsoftonline\.com', which is not a URL/,
    ],
    [{ 'authority-host': `https://login.microsoftonline.com/${TENANT}` }, /without a path or tenant/],
    [{ 'timeout-seconds': 'soon' }, /Input 'timeout-seconds' is 'soon'; it must be a number of seconds from 1 to 3600/],
    [{ 'timeout-seconds': '0.5' }, /Input 'timeout-seconds' is '0.5'; it must be a number of seconds from 1 to 3600/],
    [{ 'timeout-seconds': '3601' }, /Input 'timeout-seconds' is '3601'; it must be a number of seconds from 1 to 3600/],
    [{ 'timeout-seconds': '1e20' }, /Input 'timeout-seconds' is '1e20'/],
    [
      { scope: 'api://x##vso[task.prependpath]/tmp/pwn/.default' },
      /Input 'scope' holds characters a resource URI cannot/,
    ],
    [{ scope: 'https://graph.microsoft.com/.default#frag' }, /Input 'scope' holds characters a resource URI cannot/],
    [{ 'timeout-seconds': '0' }, /Input 'timeout-seconds' is '0'/],
    [{ 'timeout-seconds': '-5' }, /Input 'timeout-seconds' is '-5'/],
    [{ 'export-variable': 'MY TOKEN' }, /Input 'export-variable' is 'MY TOKEN'/],
    [
      { 'send-certificate-chain': 'yes', 'auth-type': 'certificate', certificate: 'x'.repeat(80) },
      /Input 'send-certificate-chain' is 'yes'; allowed values are 'true' and 'false'/,
    ],
    [
      { 'auth-type': 'certificate', certificate: 'hello' },
      /Input 'certificate' is neither PEM text, base64 text of a PFX\/P12, nor a path/,
    ],
    [
      { 'auth-type': 'certificate', certificate: '-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----' },
      /Input 'certificate' holds a PRIVATE KEY block that is not a valid private key/,
    ],
  ])('refuses %j', async (inputs, message) => {
    expect(await errorOf({ ...base, ...inputs })).toMatch(message);
  });

  it('never puts a secret value in an error message', async () => {
    const message = await errorOf({
      ...base,
      'auth-type': 'certificate',
      certificate: 'c2VjcmV0LWNlcnQtdGV4dA==' + 'A'.repeat(60),
    });
    expect(message).not.toContain('c2VjcmV0LWNlcnQtdGV4dA');
  });
});

describe('timeout-seconds', () => {
  it.each(['1', '15.5', '16', '20', '25', '59', '61', '100', '3600'])(
    'accepts %s as whole milliseconds',
    async (raw) => {
      const { timeoutMs } = await settingsOf({ ...base, 'timeout-seconds': raw });
      expect(timeoutMs).toBe(Math.round(Number(raw) * 1000));
      expect(Number.isInteger(timeoutMs)).toBe(true);
    },
  );
});

describe('normalizeScope', () => {
  it.each([
    ['', 'https://graph.microsoft.com/.default'],
    ['https://management.azure.com/.default', 'https://management.azure.com/.default'],
    ['https://management.azure.com', 'https://management.azure.com/.default'],
    // Entra's documented form for a resource that ends in a slash: the slash stays, /.default follows it.
    ['https://management.core.windows.net/', 'https://management.core.windows.net//.default'],
    ['api://my-api', 'api://my-api/.default'],
    ['00000003-0000-0000-c000-000000000000', '00000003-0000-0000-c000-000000000000/.default'],
    ['https://contoso.com/api', 'https://contoso.com/api/.default'],
  ])('turns %j into %j', (raw, expected) => {
    expect(normalizeScope(raw, 'scope')).toBe(expected);
  });
});
