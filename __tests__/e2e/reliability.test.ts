// Entra's bad minutes and corporate networks, through the built bundles: injected faults, deadlines, and
// CONNECT proxies (the proxy-only host names cannot be reached without the proxy).

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ConnectProxy } from '../helpers/proxy.js';
import { runAzure, runGitHub } from '../helpers/hosts.js';
import { findLeaks, maskedBeforeUse } from '../helpers/leaks.js';
import { azureOutcome, githubOutcome, HOSTS, runOn, secretInputs } from '../helpers/scenario.js';
import { APPS, createWorld, SECRET, TENANT_ID, type World } from '../helpers/world.js';

let world: World;
let proxy: ConnectProxy;
let securedProxy: ConnectProxy;
const PROXY_USER = 'build-agent';
const PROXY_PASSWORD = 'p@ss:w/rd%20;x';

beforeAll(async () => {
  world = await createWorld();
  proxy = await ConnectProxy.start();
  securedProxy = await ConnectProxy.start({ username: PROXY_USER, password: PROXY_PASSWORD });
});
afterAll(async () => {
  await Promise.all([world?.close(), proxy?.close(), securedProxy?.close()]);
});
beforeEach(() => {
  world.emulator.clear();
  proxy.tunnels.length = 0;
  securedProxy.tunnels.length = 0;
});

const tokenTimes = () =>
  world.emulator.requests.filter((request) => request.endpoint === 'token').map((request) => request.at);

describe.each(HOSTS)('%s bundle under faults', (host) => {
  const run = (timeout?: string) =>
    runOn(host, secretInputs(world, timeout ? { timeout } : {}), {
      caFile: world.emulator.caFile,
      env: { RUNNER_DEBUG: '1', SYSTEM_DEBUG: 'true' },
    });

  it('retries two 503s and succeeds on the third request', async () => {
    world.emulator.inject('token', { kind: 'status', status: 503 }, { kind: 'status', status: 503 });
    const outcome = await run();
    expect(outcome.failure).toBeUndefined();
    expect(world.emulator.count('token')).toBe(3);
    expect(outcome.summary).toMatch(/3 attempts/);
    expect(outcome.run.lines.some((line) => /Attempt 1 failed: HTTP 503 .*Retrying in/.test(line))).toBe(true);
  });

  it('waits exactly as long as Retry-After asks', async () => {
    world.emulator.inject('token', { kind: 'status', status: 429, retryAfter: '2' });
    const outcome = await run();
    expect(outcome.failure).toBeUndefined();
    const [first, second] = tokenTimes();
    expect(second! - first!).toBeGreaterThanOrEqual(2000);
    expect(second! - first!).toBeLessThan(3500);
  });

  it.each([
    ['a connection reset', { kind: 'reset' }],
    ['a 200 that is not JSON', { kind: 'bad-json' }],
    ['an empty 200', { kind: 'empty-200' }],
  ] as const)('retries once after %s', async (_name, fault) => {
    world.emulator.inject('token', fault);
    const outcome = await run();
    expect(outcome.failure).toBeUndefined();
    expect(world.emulator.count('token')).toBe(2);
  });

  it('gives up on a persistent 500 within the deadline and says what it tried', async () => {
    world.emulator.inject('token', ...Array.from({ length: 10 }, () => ({ kind: 'status', status: 500 }) as const));
    const outcome = await run('5');
    expect(outcome.succeeded).toBe(false);
    expect(outcome.failure).toMatch(/Gave up on a token from 127\.0\.0\.1:\d+ after \d attempts .*HTTP 500/);
    expect(outcome.run.elapsedMs).toBeLessThan(8000);
    expect(world.emulator.count('token')).toBeLessThanOrEqual(4);
  });

  it('does not wait past the deadline for a long Retry-After', async () => {
    world.emulator.inject('token', { kind: 'status', status: 429, retryAfter: '120' });
    const outcome = await run();
    expect(outcome.failure).toMatch(/the service asked to wait 120 s, past the deadline/);
    expect(world.emulator.count('token')).toBe(1);
    expect(outcome.run.elapsedMs).toBeLessThan(5000);
  });

  it('times out a server that never answers at the deadline', async () => {
    world.emulator.inject('token', ...Array.from({ length: 5 }, () => ({ kind: 'hang' }) as const));
    const outcome = await run('8');
    expect(outcome.succeeded).toBe(false);
    expect(outcome.failure).toMatch(/timed out/);
    expect(outcome.run.elapsedMs).toBeGreaterThan(7500);
    expect(outcome.run.elapsedMs).toBeLessThan(10500);
  });
});

describe('GitHub proxy from the environment', () => {
  const run = (env: Record<string, string>, inputs: Record<string, string> = {}) =>
    runGitHub(
      {
        'tenant-id': TENANT_ID,
        'client-id': APPS.federated,
        'authority-host': world.emulator.urlAs('login.emulator.test'),
        ...inputs,
      },
      { caFile: world.emulator.caFile, env: { ...world.emulator.githubOidcEnvironment('oidc.emulator.test'), ...env } },
    ).then(githubOutcome);

  it('sends the OIDC and the token request through HTTPS_PROXY', async () => {
    const outcome = await run({ HTTPS_PROXY: proxy.url });
    expect(outcome.failure).toBeUndefined();
    expect(proxy.tunnels.map((tunnel) => tunnel.target.split(':')[0]).sort()).toEqual([
      'login.emulator.test',
      'oidc.emulator.test',
    ]);
    expect(world.emulator.requests.map((request) => request.endpoint)).toEqual(['github-oidc', 'token']);
  });

  it('honours lower-case https_proxy', async () => {
    const outcome = await run({ https_proxy: proxy.url });
    expect(outcome.failure).toBeUndefined();
    expect(proxy.tunnels.length).toBeGreaterThan(0);
  });

  it('goes direct to hosts in NO_PROXY', async () => {
    const outcome = await runGitHub(
      {
        'tenant-id': TENANT_ID,
        'client-id': APPS.secret,
        'client-secret': SECRET,
        'authority-host': world.emulator.url,
      },
      { caFile: world.emulator.caFile, env: { HTTPS_PROXY: proxy.url, NO_PROXY: 'example.com,127.0.0.1' } },
    ).then(githubOutcome);
    expect(outcome.failure).toBeUndefined();
    expect(proxy.tunnels).toEqual([]);
  });

  it('masks a password in the proxy URL and passes it on', async () => {
    const url = new URL(securedProxy.url);
    url.username = encodeURIComponent(PROXY_USER);
    url.password = encodeURIComponent(PROXY_PASSWORD);
    const outcome = await run({ HTTPS_PROXY: url.toString(), RUNNER_DEBUG: '1' });
    expect(outcome.failure).toBeUndefined();
    expect(maskedBeforeUse(outcome.run, PROXY_PASSWORD)).toBe(true);
    expect(findLeaks(outcome.run, [PROXY_PASSWORD, outcome.token!], { channelFiles: ['github_output'] })).toEqual([]);
  });
});

describe("Azure Pipelines agent's proxy", () => {
  const run = (variables: Record<string, string>, secretVariables: Record<string, string> = {}) =>
    runAzure(
      {
        authenticationMethod: 'clientSecret',
        tenantId: TENANT_ID,
        clientId: APPS.secret,
        clientSecret: SECRET,
        authorityHost: world.emulator.urlAs('login.emulator.test'),
      },
      { caFile: world.emulator.caFile, variables: { 'System.Debug': 'true', ...variables }, secretVariables },
    ).then(azureOutcome);

  it('authenticates to the proxy with Basic credentials, masked', async () => {
    const outcome = await run(
      { 'Agent.ProxyUrl': securedProxy.url, 'Agent.ProxyUsername': PROXY_USER },
      { 'Agent.ProxyPassword': PROXY_PASSWORD },
    );
    expect(outcome.failure).toBeUndefined();
    expect(securedProxy.tunnels).toEqual([
      {
        target: expect.stringMatching(/^login\.emulator\.test:\d+$/),
        authorization: `Basic ${Buffer.from(`${PROXY_USER}:${PROXY_PASSWORD}`).toString('base64')}`,
      },
    ]);
    expect(maskedBeforeUse(outcome.run, PROXY_PASSWORD)).toBe(true);
    expect(findLeaks(outcome.run, [PROXY_PASSWORD, SECRET, outcome.token!])).toEqual([]);
  });

  it('says so when the proxy refuses the credentials', async () => {
    const outcome = await run(
      { 'Agent.ProxyUrl': securedProxy.url, 'Agent.ProxyUsername': PROXY_USER },
      { 'Agent.ProxyPassword': 'wrong-password' },
    );
    expect(outcome.failure).toMatch(/The proxy 127\.0\.0\.1:\d+ refused the credentials \(HTTP 407\)/);
    expect(world.emulator.requests).toEqual([]);
  });

  it('goes direct to hosts on the bypass list', async () => {
    const outcome = await runAzure(
      {
        authenticationMethod: 'clientSecret',
        tenantId: TENANT_ID,
        clientId: APPS.secret,
        clientSecret: SECRET,
        authorityHost: world.emulator.url,
      },
      {
        caFile: world.emulator.caFile,
        variables: { 'Agent.ProxyUrl': proxy.url, 'Agent.ProxyBypassList': JSON.stringify(['127\\.0\\.0\\.1']) },
      },
    ).then(azureOutcome);
    expect(outcome.failure).toBeUndefined();
    expect(proxy.tunnels).toEqual([]);
  });
});
