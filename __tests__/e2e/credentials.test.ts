// Every credential shape and every common failure, through both built bundles, against the emulator.

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { findLeaks, maskedBeforeUse } from '../helpers/leaks.js';
import { HOSTS, runOn, type Inputs } from '../helpers/scenario.js';
import { APPS, CERT_PASSWORD, createWorld, SECRET, TENANT_DOMAIN, TENANT_ID, type World } from '../helpers/world.js';

let world: World;
beforeAll(async () => {
  world = await createWorld();
});
afterAll(async () => world?.close());
beforeEach(() => world.emulator.clear());

const CHANNELS = { channelFiles: ['github_output', 'github_env'] };

describe.each(HOSTS)('%s bundle', (host) => {
  const run = (inputs: Inputs, env?: Record<string, string>) =>
    runOn(
      host,
      { tenant: TENANT_ID, authority: world.emulator.url, ...inputs },
      { caFile: world.emulator.caFile, env },
    );
  const secrets = () => [SECRET, world.cert.keyPem, world.encryptedKey, world.pfxBase64, CERT_PASSWORD];

  async function expectToken(inputs: Inputs, client: string) {
    const outcome = await run(inputs);
    expect(outcome.failure).toBeUndefined();
    expect(outcome.succeeded).toBe(true);
    const claims = await world.emulator.verify(outcome.token!);
    expect(claims.appid).toBe(client);
    expect(claims.aud).toBe('https://graph.microsoft.com');
    expect(maskedBeforeUse(outcome.run, outcome.token!)).toBe(true);
    expect(findLeaks(outcome.run, [...secrets(), outcome.token!], CHANNELS)).toEqual([]);
    expect(new Date(outcome.expiresOn!).getTime()).toBeGreaterThan(Date.now() + 3_000_000);
    expect(world.emulator.count('token')).toBe(1);
    expect(world.emulator.count('discovery')).toBe(0);
    return outcome;
  }

  it('gets a token with a client secret', async () => {
    await expectToken({ method: 'secret', client: APPS.secret, secret: SECRET }, APPS.secret);
    expect(world.emulator.requests[0]!.credential).toBe('secret');
  });

  it('accepts the tenant as a domain', async () => {
    await expectToken({ method: 'secret', tenant: TENANT_DOMAIN, client: APPS.secret, secret: SECRET }, APPS.secret);
  });

  it.each([
    ['PEM text with certificate and key', () => ({ certificate: world.cert.certPem + world.cert.keyPem })],
    ['a path to a PEM with both', () => ({ certificate: world.files.combinedPem })],
    [
      'certificate and key as separate texts',
      () => ({ certificate: world.cert.certPem, privateKey: world.cert.keyPem }),
    ],
    [
      'certificate and key as separate paths',
      () => ({ certificate: world.files.certPem, privateKey: world.files.keyPem }),
    ],
    ['a DER .cer with a key path', () => ({ certificate: world.files.cer, privateKey: world.files.keyPem })],
    ['a PFX path with its password', () => ({ certificate: world.files.pfx, password: CERT_PASSWORD })],
    ['base64 PFX text with its password', () => ({ certificate: world.pfxBase64, password: CERT_PASSWORD })],
    [
      'an encrypted key with its passphrase',
      () => ({ certificate: world.cert.certPem, privateKey: world.encryptedKey, password: CERT_PASSWORD }),
    ],
  ])('gets a token with a certificate: %s', async (_shape, shape) => {
    await expectToken({ method: 'certificate', client: APPS.certificate, ...shape() }, APPS.certificate);
    expect(world.emulator.requests[0]!.assertion).toEqual({ alg: 'PS256', thumbprintHeader: 'x5t#S256', x5c: false });
  });

  it('sends the certificate chain in x5c when asked', async () => {
    await expectToken(
      { method: 'certificate', client: APPS.certificate, certificate: world.files.combinedPem, chain: 'true' },
      APPS.certificate,
    );
    expect(world.emulator.requests[0]!.assertion?.x5c).toBe(true);
  });

  it.each([
    ['https://management.azure.com', 'https://management.azure.com'],
    // The resource keeps its trailing slash: Entra's documented '//.default' form for Azure Resource Manager.
    ['https://management.core.windows.net/', 'https://management.core.windows.net/'],
  ])('appends /.default to the bare resource %s', async (scope, audience) => {
    const outcome = await run({ method: 'secret', client: APPS.secret, secret: SECRET, scope });
    expect(outcome.succeeded).toBe(true);
    expect((await world.emulator.verify(outcome.token!)).aud).toBe(audience);
  });

  it('writes the token to the named variable', async () => {
    const outcome = await run({ method: 'secret', client: APPS.secret, secret: SECRET, variable: 'GRAPH_TOKEN' });
    expect(outcome.succeeded).toBe(true);
    expect(outcome.variables.GRAPH_TOKEN).toEqual({ value: outcome.token, secret: host === 'azure' });
  });

  const failures: [string, () => Inputs, RegExp, number][] = [
    [
      'a wrong secret',
      () => ({ method: 'secret', client: APPS.secret, secret: 'wrong-secret-value-000000' }),
      /AADSTS7000215[\s\S]*Hint: .*"Value".*not its "Secret ID"/,
      1,
    ],
    [
      'an expired secret',
      () => ({ method: 'secret', client: APPS.expiredSecret, secret: SECRET }),
      /AADSTS7000222[\s\S]*expired/,
      1,
    ],
    [
      'an unknown client',
      () => ({ method: 'secret', client: APPS.unknown, secret: SECRET }),
      /AADSTS700016[\s\S]*Hint: No application with this client ID/,
      1,
    ],
    [
      'an unknown tenant',
      () => ({ method: 'secret', tenant: 'fabrikam.onmicrosoft.com', client: APPS.secret, secret: SECRET }),
      /AADSTS90002[\s\S]*Hint: The tenant was not found.*cloud/,
      1,
    ],
    [
      'an unregistered certificate',
      () => ({
        method: 'certificate',
        client: APPS.certificate,
        certificate: world.stranger.certPem + world.stranger.keyPem,
      }),
      /AADSTS700027[\s\S]*Hint: The certificate is not registered/,
      1,
    ],
    [
      'a delegated scope',
      () => ({
        method: 'secret',
        client: APPS.secret,
        secret: SECRET,
        scope: 'https://graph.microsoft.com/User.Read.All',
      }),
      /scope.*delegated permission.*https:\/\/graph\.microsoft\.com\/\.default.*application permission/,
      0,
    ],
    [
      'a missing certificate file',
      () => ({ method: 'certificate', client: APPS.certificate, certificate: './missing/cert.pfx' }),
      /certificate.*'\.\/missing\/cert\.pfx' does not exist/,
      0,
    ],
    [
      'a key of another certificate',
      () => ({
        method: 'certificate',
        client: APPS.certificate,
        certificate: world.cert.certPem,
        privateKey: world.stranger.keyPem,
      }),
      /private key does not belong to the certificate/,
      0,
    ],
    [
      'a wrong PFX password',
      () => ({
        method: 'certificate',
        client: APPS.certificate,
        certificate: world.files.pfx,
        password: 'not-the-password',
      }),
      /PFX .* cannot be opened: '(certificate-password|certificatePassword)' is not its password/,
      0,
    ],
    [
      'a wrong key passphrase',
      () => ({
        method: 'certificate',
        client: APPS.certificate,
        certificate: world.cert.certPem,
        privateKey: world.encryptedKey,
        password: 'nope-nope',
      }),
      /cannot be decrypted: '(certificate-password|certificatePassword)' is not its passphrase/,
      0,
    ],
    [
      'an http authority',
      () => ({ method: 'secret', client: APPS.secret, secret: SECRET, authority: 'http://127.0.0.1:1' }),
      /(authority-host|authorityHost).*only https:\/\/ is allowed/,
      0,
    ],
    [
      'a client ID that is no GUID',
      () => ({ method: 'secret', client: 'my-app', secret: SECRET }),
      /(client-id|clientId).*'my-app', which is not a GUID/,
      0,
    ],
  ];
  it.each(failures)('fails clearly on %s, after %#', async (_case, inputs, message, requests) => {
    const outcome = await run(inputs());
    expect(outcome.succeeded).toBe(false);
    expect(outcome.failure).toMatch(message);
    expect(outcome.token).toBeUndefined();
    expect(outcome.failure).not.toMatch(/\n\s+at /); // no stack trace for a user mistake
    expect(world.emulator.count('token')).toBe(requests);
    expect(findLeaks(outcome.run, [...secrets(), 'wrong-secret-value-000000', 'not-the-password'], CHANNELS)).toEqual(
      [],
    );
  });
});
