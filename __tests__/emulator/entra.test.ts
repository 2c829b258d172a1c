// Entra's v2.0 token endpoint after the split, and the lifetime of the emulated OIDC issuers' tokens: an expired
// federated token is refused with AADSTS700024, as Entra refuses it, while a newly issued one still works.

import { decodeJwt } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_OIDC_LIFETIME_SECONDS } from '../../emulator/server.js';
import {
  APPS,
  call,
  FEDERATION_AUDIENCE,
  githubOidcToken,
  JWT_BEARER,
  SECRET,
  signAssertion,
  startLab,
  TENANT_ID,
  type Lab,
} from './lab.js';

let lab: Lab;
beforeAll(async () => {
  lab = await startLab();
});
afterAll(async () => lab?.close());
beforeEach(() => {
  lab.emulator.clear();
  lab.emulator.oidcLifetimeSeconds = DEFAULT_OIDC_LIFETIME_SECONDS;
});

const tokenUrl = () => `${lab.emulator.url}/${TENANT_ID}/oauth2/v2.0/token`;
const exchange = (clientId: string, credential: Record<string, string>) =>
  call(lab, tokenUrl(), {
    form: {
      grant_type: 'client_credentials',
      client_id: clientId,
      scope: 'https://graph.microsoft.com/.default',
      ...credential,
    },
  });
const federated = (assertion: string) =>
  exchange(APPS.federated, { client_assertion_type: JWT_BEARER, client_assertion: assertion });

describe('Entra token endpoint', () => {
  it('issues a token for a secret, and refuses a wrong one with AADSTS7000215', async () => {
    const ok = await exchange(APPS.secret, { client_secret: SECRET });
    expect(ok.status).toBe(200);
    expect(await lab.emulator.verify(ok.json!.access_token as string)).toMatchObject({
      aud: 'https://graph.microsoft.com',
      tid: TENANT_ID,
      roles: ['User.Read.All'],
    });
    const wrong = await exchange(APPS.secret, { client_secret: 'wrong' });
    expect(wrong.status).toBe(401);
    expect(wrong.json).toMatchObject({ error: 'invalid_client', error_codes: [7000215] });
  });

  it('issues a token for a certificate assertion', async () => {
    const reply = await exchange(APPS.certificate, {
      client_assertion_type: JWT_BEARER,
      client_assertion: await signAssertion(lab.cert, APPS.certificate, tokenUrl()),
    });
    expect(reply.status).toBe(200);
    expect(lab.emulator.requests[0]!.credential).toBe('certificate');
  });

  it('refuses a value that is no JWT as an assertion, with AADSTS50027', async () => {
    const reply = await federated('not-a-jwt');
    expect(reply.status).toBe(400);
    expect(reply.json).toMatchObject({ error: 'invalid_request', error_codes: [50027] });
  });
});

describe('OIDC token lifetime', () => {
  it('issues tokens valid for oidcLifetimeSeconds, 600 unless set', async () => {
    const standard = await lab.emulator.verify(await githubOidcToken(lab));
    expect(standard.exp! - standard.iat!).toBe(600);
    lab.emulator.oidcLifetimeSeconds = 60;
    const short = await lab.emulator.verify(await githubOidcToken(lab));
    expect(short.exp! - short.iat!).toBe(60);
  });

  it('refuses an expired federated token with AADSTS700024, and accepts one issued afterwards', async () => {
    const early = await githubOidcToken(lab);
    expect((await federated(early)).status).toBe(200);

    lab.emulator.expireIssuedOidcTokens();
    const refused = await federated(early);
    expect(refused.status).toBe(400);
    expect(refused.json).toMatchObject({ error: 'invalid_client', error_codes: [700024] });
    expect(refused.json!.error_description).toMatch(
      /^AADSTS700024: Client assertion is not within its valid time range\. Current time: \S+Z, assertion valid from \S+Z, expiry time of assertion \S+Z\./,
    );
    // The expiry quoted is the token's own, and the emulator's own check agrees it has passed.
    const expiry = new Date(decodeJwt(early).exp! * 1000).toISOString().replace('.000Z', '.0000000Z');
    expect(refused.json!.error_description).toContain(`expiry time of assertion ${expiry}.`);
    await expect(lab.emulator.verify(early)).rejects.toThrow(/exp/);

    const fresh = await githubOidcToken(lab);
    const reply = await federated(fresh);
    expect(reply.status).toBe(200);
    expect(await lab.emulator.verify(reply.json!.access_token as string)).toMatchObject({
      appid: APPS.federated,
      aud: 'https://graph.microsoft.com',
    });
    expect((await lab.emulator.verify(fresh)).aud).toBe(FEDERATION_AUDIENCE);
  });

  it('leaves secrets and certificate assertions on real time', async () => {
    await githubOidcToken(lab);
    lab.emulator.expireIssuedOidcTokens();
    const reply = await exchange(APPS.certificate, {
      client_assertion_type: JWT_BEARER,
      client_assertion: await signAssertion(lab.cert, APPS.certificate, tokenUrl()),
    });
    expect(reply.status).toBe(200);
  });
});
