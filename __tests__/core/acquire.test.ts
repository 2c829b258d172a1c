// The middle of the core without processes or sockets: acquireToken over a scripted network and a fake clock.

import { describe, expect, it } from 'vitest';
import { acquireToken } from '../../src/core/acquire.js';
import { EntraError, GaveUpError, UserError } from '../../src/core/errors.js';
import type { Clock } from '../../src/core/retry.js';
import { readSettings } from '../../src/core/settings.js';
import { AttemptFailed } from '../../src/core/transport.js';
import { FakeHost } from '../helpers/fake-host.js';
import { FakeNetwork } from '../helpers/fake-transport.js';

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const CLIENT = '11111111-1111-4111-8111-111111111111';
const jwt = (claims: Record<string, unknown>): string =>
  ['{"alg":"none"}', JSON.stringify(claims), 'sig'].map((part) => Buffer.from(part).toString('base64url')).join('.');
const TOKEN = jwt({ aud: 'https://graph.microsoft.com', roles: ['User.Read.All'] });
const OK = { status: 200, body: { token_type: 'Bearer', access_token: TOKEN, expires_in: 3599 } };

function fakeClock(): Clock & { slept: number[] } {
  let now = Date.now();
  const slept: number[] = [];
  return { slept, now: () => now, sleep: async (ms) => void (slept.push(ms), (now += ms)) };
}

async function acquire(network: FakeNetwork, inputs: Record<string, string> = {}, clock = fakeClock()) {
  const host = new FakeHost({
    'tenant-id': TENANT,
    'client-id': CLIENT,
    'client-secret': 'secret-value-123',
    ...inputs,
  });
  const settings = await readSettings(host);
  const result = acquireToken(settings, {
    log: host,
    mask: (secret) => host.setSecret(secret),
    clock,
    openTransport: network.open,
  });
  return { host, result, clock };
}

describe('acquireToken', () => {
  it('sends one request to the tenant token endpoint and returns the token with its expiry', async () => {
    const network = new FakeNetwork().on('/oauth2/v2.0/token', OK);
    const { result } = await acquire(network);
    const token = await result;
    expect(token).toMatchObject({ accessToken: TOKEN, tokenType: 'Bearer', attempts: 1, requests: 1 });
    expect(token.expiresOn.getTime() - Date.now()).toBeGreaterThan(3500_000);
    expect(network.sent.map((request) => request.url.split('?')[0])).toEqual([
      `https://login.microsoftonline.com/${TENANT}/oauth2/v2.0/token`,
    ]);
    expect(new URLSearchParams(network.sent[0]!.body).get('scope')).toBe('https://graph.microsoft.com/.default');
    expect(network.closed).toBe(1);
  });

  it('retries a 503 with a fresh transport and a fresh deadline, after the backoff', async () => {
    const network = new FakeNetwork().on('/token', { status: 503, body: {} }, OK);
    const { result, clock } = await acquire(network);
    expect(await result).toMatchObject({ attempts: 2, requests: 2 });
    expect(network.opened).toHaveLength(2);
    expect(network.opened[1]!.deadline).toBeGreaterThan(network.opened[0]!.deadline);
    // The first backoff is a second, with ±25 % jitter.
    expect(clock.slept).toHaveLength(1);
    expect(clock.slept[0]).toBeGreaterThanOrEqual(750);
    expect(clock.slept[0]).toBeLessThanOrEqual(1250);
    expect(network.closed).toBe(2);
  });

  it('honours Retry-After exactly', async () => {
    const network = new FakeNetwork().on('/token', { status: 429, body: {}, headers: { 'retry-after': '7' } }, OK);
    const { result, clock } = await acquire(network);
    await result;
    expect(clock.slept).toEqual([7000]);
  });

  it('turns a refusal into an EntraError with the AADSTS hint, without retrying', async () => {
    const refusal = {
      error: 'invalid_client',
      error_description: 'AADSTS7000215: Invalid client secret provided.\r\nTrace ID: x',
      error_codes: [7000215],
      correlation_id: 'c0ffee',
    };
    const network = new FakeNetwork().on('/token', { status: 401, body: refusal });
    const error = await (await acquire(network)).result.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(EntraError);
    expect((error as Error).message).toMatch(
      /AADSTS7000215: Invalid client secret provided\.\nHint: .*"Value"[\s\S]*c0ffee/,
    );
    expect(network.sent).toHaveLength(1);
  });

  it('gives up at the attempt limit and lists what failed', async () => {
    const network = new FakeNetwork().on('/token', { status: 500, body: {} });
    const error = await (await acquire(network)).result.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(GaveUpError);
    expect((error as Error).message).toMatch(/after 5 attempts.*HTTP 500/);
  });

  it('refuses an answer with an absurd lifetime before anything can publish it', async () => {
    const network = new FakeNetwork().on('/token', { status: 200, body: { access_token: TOKEN, expires_in: 1e20 } });
    const error = await (await acquire(network)).result.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message).toMatch(/expires_in 100000000000000000000: not a lifetime/);
  });

  it('fetches the federated token right before each exchange, masks it, and names its claims on a mismatch', async () => {
    const assertion = jwt({
      iss: 'https://token.actions.githubusercontent.com',
      sub: 'repo:o/r:ref:refs/heads/x',
      aud: 'api://AzureADTokenExchange',
    });
    const mismatch = {
      error: 'invalid_client',
      error_description: 'AADSTS700213: No matching federated identity record found.',
      error_codes: [700213],
    };
    const network = new FakeNetwork()
      .on('oidc.invalid', { status: 200, body: { value: assertion } })
      .on('/token', { status: 503, body: {} }, { status: 400, body: mismatch });
    const { host, result } = await acquire(network, { 'client-secret': '' });
    const error = await result.catch((caught: unknown) => caught);
    expect(network.sent.map((request) => new URL(request.url).host)).toEqual([
      'oidc.invalid',
      'login.microsoftonline.com',
      'oidc.invalid',
      'login.microsoftonline.com',
    ]);
    expect(host.secrets).toContain(assertion);
    expect((error as Error).message).toMatch(/sub "repo:o\/r:ref:refs\/heads\/x"/);
  });

  it('keeps transport failures typed: a fatal one ends the step with its reason', async () => {
    const network = new FakeNetwork().on('/token', () => {
      throw new AttemptFailed({ kind: 'fatal', reason: 'TLS: the certificate of x is not trusted' });
    });
    const error = await (await acquire(network)).result.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message).toBe('TLS: the certificate of x is not trusted');
  });

  it('gives every managed identity attempt a fresh transport, though MSAL keeps its identity source for the process', async () => {
    const imds = { status: 200, body: { access_token: TOKEN, expires_in: '3599', token_type: 'Bearer' } };
    for (const run of [1, 2]) {
      const network = new FakeNetwork().on('/metadata/identity/oauth2/token', { status: 503, body: {} }, imds);
      const host = new FakeHost({ 'auth-type': 'managed-identity' });
      const settings = await readSettings(host);
      const clock = fakeClock();
      const token = await acquireToken(settings, { log: host, mask: () => {}, clock, openTransport: network.open });
      expect(token, `run ${run}`).toMatchObject({ accessToken: TOKEN, attempts: 2, requests: 2 });
      expect(network.opened).toHaveLength(2);
      expect(network.sent.every((request) => request.url.startsWith('http://169.254.169.254/'))).toBe(true);
    }
  });

  it.each([
    ['in the past', String(Math.floor(Date.now() / 1000) - 60), false],
    ['in the year 5138', '99999999999', false],
    ['as ISO 8601, an hour ahead', new Date(Date.now() + 3600_000).toISOString(), true],
  ])(
    "checks a managed identity answer's expires_on %s, which is what MSAL reads for it",
    async (_name, expiresOn, ok) => {
      const answer = { access_token: TOKEN, expires_in: '3599', expires_on: expiresOn, token_type: 'Bearer' };
      const network = new FakeNetwork().on('/metadata/identity/oauth2/token', { status: 200, body: answer });
      const host = new FakeHost({ 'auth-type': 'managed-identity' });
      const settings = await readSettings(host);
      const result = acquireToken(settings, {
        log: host,
        mask: () => {},
        clock: fakeClock(),
        openTransport: network.open,
      });
      if (ok) {
        expect(Math.abs((await result).expiresOn.getTime() - Date.parse(expiresOn))).toBeLessThan(2000);
      } else {
        await expect(result).rejects.toThrow(/expires_on .*not a lifetime from 1 second to 7 days/);
      }
    },
  );
});
