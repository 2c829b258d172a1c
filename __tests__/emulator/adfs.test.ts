// The emulated AD FS (Azure Stack Hub's identity provider): discovery, client credentials by secret and by
// certificate assertion, and AD FS-shaped refusals.

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { makeClientCertificate } from '../../emulator/pki.js';
import { ADFS_APPS, call, JWT_BEARER, SECRET, signAssertion, startLab, type Lab } from './lab.js';

let lab: Lab;
beforeAll(async () => {
  lab = await startLab();
});
afterAll(async () => lab?.close());
beforeEach(() => lab.emulator.clear());

const tokenUrl = () => `${lab.emulator.url}/adfs/oauth2/token`;
const MSIS9622 =
  'MSIS9622: Client authentication failed. Please verify the credential provided for client authentication is valid.';

describe('AD FS discovery', () => {
  it('serves the OpenID configuration of the /adfs authority', async () => {
    const reply = await call(lab, `${lab.emulator.url}/adfs/.well-known/openid-configuration`);
    expect(reply.status).toBe(200);
    expect(reply.json).toMatchObject({
      issuer: `${lab.emulator.url}/adfs`,
      token_endpoint: tokenUrl(),
      jwks_uri: expect.stringMatching(new RegExp(`^${lab.emulator.url}/adfs/`)),
      authorization_endpoint: expect.stringMatching(new RegExp(`^${lab.emulator.url}/adfs/oauth2/authorize`)),
    });
    expect(lab.emulator.count('discovery')).toBe(1);
  });
});

describe('AD FS token endpoint', () => {
  const bySecret = (form: Record<string, string>) =>
    call(lab, tokenUrl(), {
      form: { grant_type: 'client_credentials', client_id: ADFS_APPS.secret, client_secret: SECRET, ...form },
    });

  it('issues a token for a secret and an MSAL-style scope', async () => {
    const reply = await bySecret({ scope: 'https://management.azure.com/.default' });
    expect(reply.status).toBe(200);
    expect(reply.json).toMatchObject({ token_type: 'bearer', expires_in: 3600 });
    const claims = await lab.emulator.verify(reply.json!.access_token as string);
    expect(claims).toMatchObject({
      aud: 'https://management.azure.com',
      iss: `${lab.emulator.url}/adfs`,
      appid: ADFS_APPS.secret,
      roles: ['Reader'],
    });
    expect(lab.emulator.requests.map((request) => [request.endpoint, request.credential, request.status])).toEqual([
      ['adfs-token', 'secret', 200],
    ]);
  });

  it('takes the resource as ADAL sent it, in `resource`', async () => {
    const reply = await bySecret({ resource: 'https://vault.azure.net' });
    expect(reply.status).toBe(200);
    expect((await lab.emulator.verify(reply.json!.access_token as string)).aud).toBe('https://vault.azure.net');
  });

  it('refuses a wrong secret with MSIS9622', async () => {
    const reply = await bySecret({ scope: 'https://management.azure.com/.default', client_secret: 'not-the-secret' });
    expect(reply.status).toBe(401);
    expect(reply.json).toEqual({ error: 'invalid_client', error_description: MSIS9622 });
  });

  it('refuses an unknown client with MSIS9622', async () => {
    const reply = await bySecret({ scope: 'https://management.azure.com/.default', client_id: 'no-such-client' });
    expect(reply.status).toBe(401);
    expect(reply.json).toEqual({ error: 'invalid_client', error_description: MSIS9622 });
  });

  it('refuses an unknown resource with MSIS9602', async () => {
    const reply = await bySecret({ scope: 'https://unknown.example/.default' });
    expect(reply.status).toBe(400);
    expect(reply.json?.error).toBe('invalid_resource');
    expect(reply.json?.error_description).toMatch(/^MSIS9602: /);
  });

  it('issues a token for a certificate assertion whose audience is the token endpoint', async () => {
    const reply = await call(lab, tokenUrl(), {
      form: {
        grant_type: 'client_credentials',
        client_id: ADFS_APPS.certificate,
        client_assertion_type: JWT_BEARER,
        client_assertion: await signAssertion(lab.cert, ADFS_APPS.certificate, tokenUrl()),
        scope: 'https://management.azure.com/.default',
      },
    });
    expect(reply.status).toBe(200);
    const claims = await lab.emulator.verify(reply.json!.access_token as string);
    expect(claims).toMatchObject({ appid: ADFS_APPS.certificate, roles: ['Contributor'] });
    expect(lab.emulator.requests[0]).toMatchObject({
      credential: 'certificate',
      assertion: { alg: 'RS256', thumbprintHeader: 'x5t#S256', x5c: false },
    });
  });

  it.each([
    [
      'an unregistered certificate',
      () => signAssertion(makeClientCertificate('stranger'), ADFS_APPS.certificate, tokenUrl()),
    ],
    [
      "Entra's token endpoint as audience",
      () => signAssertion(lab.cert, ADFS_APPS.certificate, `${lab.emulator.url}/adfs/oauth2/v2.0/token`),
    ],
  ])('refuses an assertion with %s', async (_case, assertion) => {
    const reply = await call(lab, tokenUrl(), {
      form: {
        grant_type: 'client_credentials',
        client_id: ADFS_APPS.certificate,
        client_assertion_type: JWT_BEARER,
        client_assertion: await assertion(),
        scope: 'https://management.azure.com/.default',
      },
    });
    expect(reply.status).toBe(401);
    expect(reply.json).toEqual({ error: 'invalid_client', error_description: MSIS9622 });
  });

  it('meets faults injected for adfs-token', async () => {
    lab.emulator.inject('adfs-token', { kind: 'status', status: 503, retryAfter: '1' });
    const failed = await bySecret({ scope: 'https://management.azure.com/.default' });
    expect(failed.status).toBe(503);
    expect(failed.headers['retry-after']).toBe('1');
    expect((await bySecret({ scope: 'https://management.azure.com/.default' })).status).toBe(200);
    expect(lab.emulator.count('adfs-token')).toBe(2);
    expect(lab.emulator.requests[0]!.fault).toBe('status');
  });
});
