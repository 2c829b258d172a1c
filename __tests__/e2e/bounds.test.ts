// Bounded work through the built bundles: oversized and silent servers, absurd token answers, hostile claims,
// and credential files that are not files. Every bound ends the step with a message, inside its deadline.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { findLeaks } from '../helpers/leaks.js';
import { HOSTS, runOn, secretInputs, type Inputs } from '../helpers/scenario.js';
import { SilentServer } from '../helpers/silent-server.js';
import { createWorld, type World } from '../helpers/world.js';

let world: World;
let silent: SilentServer;
let folder: string;
beforeAll(async () => {
  world = await createWorld();
  silent = await SilentServer.start();
  folder = mkdtempSync(join(tmpdir(), 'entra-token-bounds-'));
});
afterAll(async () => {
  await Promise.all([world?.close(), silent?.close()]);
  rmSync(folder, { recursive: true, force: true });
});
beforeEach(() => world.emulator.clear());

/** An unsigned JWT with these claims: the step reads claims for display only. */
const jwt = (claims: Record<string, unknown>): string =>
  ['{"alg":"none"}', JSON.stringify(claims), 'sig'].map((part) => Buffer.from(part).toString('base64url')).join('.');

describe.each(HOSTS)('%s bundle', (host) => {
  const run = (extra: Inputs = {}, env: Record<string, string> = {}) =>
    runOn(host, secretInputs(world, extra), { caFile: world.emulator.caFile, env });
  /** The host's way of naming a proxy: the environment on GitHub, the agent's variable on Azure Pipelines. */
  const viaProxy = (url: string): Record<string, string> =>
    host === 'github' ? { HTTPS_PROXY: url } : { AGENT_PROXYURL: url };

  it('stops reading an answer past 1 MiB, and does not retry it', async () => {
    world.emulator.inject('token', { kind: 'huge-body', bytes: 3 * 1024 * 1024 });
    const outcome = await run();
    expect(outcome.succeeded).toBe(false);
    expect(outcome.failure).toMatch(/answered with more than 1 MiB/);
    expect(world.emulator.count('token')).toBe(1);
  });

  it('keeps the TLS handshake inside the deadline against a host that never speaks', async () => {
    const outcome = await run({ authority: silent.url, timeout: '2' });
    expect(outcome.succeeded).toBe(false);
    expect(outcome.failure).toMatch(/Gave up on a token from 127\.0\.0\.1:\d+ .*timed out/s);
    // A deadline, not a speed: the old transport waited 10.7 s for a 2 s timeout here.
    expect(outcome.run.elapsedMs).toBeLessThan(7000);
  });

  it('keeps the CONNECT inside the deadline against a proxy that never answers', async () => {
    const outcome = await run({ timeout: '2' }, viaProxy(silent.url.replace('https:', 'http:')));
    expect(outcome.succeeded).toBe(false);
    expect(outcome.failure).toMatch(/timed out/);
    // A deadline, not a speed: through https-proxy-agent this step was still waiting when killed at 60 s.
    expect(outcome.run.elapsedMs).toBeLessThan(7000);
  });

  it.each([
    ['absurd', { expires_in: 1e20 }],
    ['negative', { expires_in: -5 }],
    ['not a number', { expires_in: 'soon' }],
    ['missing, with an opaque token', { expires_in: undefined }],
  ])('refuses a token answer whose expires_in is %s, before publishing anything', async (_name, fields) => {
    world.emulator.inject('token', {
      kind: 'answer',
      status: 200,
      body: { token_type: 'Bearer', access_token: 'opaque-token-value-0123456789', ...fields },
    });
    const outcome = await run({ variable: 'GRAPH_TOKEN' });
    expect(outcome.succeeded).toBe(false);
    expect(outcome.failure).toMatch(/not a lifetime from 1 second to 7 days\. The token was not used\./);
    expect(outcome.token).toBeUndefined();
    expect(outcome.variables.GRAPH_TOKEN).toBeUndefined();
  });

  it("takes the lifetime from a JWT's exp when expires_in is missing", async () => {
    const exp = Math.floor(Date.now() / 1000) + 1800;
    const token = jwt({ aud: 'https://graph.microsoft.com', exp, roles: ['User.Read.All'] });
    world.emulator.inject('token', {
      kind: 'answer',
      status: 200,
      body: { token_type: 'Bearer', access_token: token },
    });
    const outcome = await run();
    expect(outcome.failure).toBeUndefined();
    expect(Math.abs(Date.parse(outcome.expiresOn!) / 1000 - exp)).toBeLessThanOrEqual(2);
  });

  it('shows hostile claims as text: no broken table, no HTML, no host command', async () => {
    const token = jwt({
      aud: 'x\n| injected | row |\n<img src=x onerror=alert(1)>##vso[task.complete result=Failed]',
      exp: 1e20,
    });
    world.emulator.inject('token', {
      kind: 'answer',
      status: 200,
      body: { token_type: 'Bearer', access_token: token, expires_in: 3600 },
    });
    const outcome = await run();
    expect(outcome.failure).toBeUndefined();
    expect(outcome.summary).not.toMatch(/<img|\n\| injected/);
    expect(outcome.summary).toContain('&lt;img');
    expect(outcome.summary).toContain('| Expires (UTC) | 100000000000000000000 |');
    // The summary's warning block is escaped too (the log's warning is plain text).
    expect(outcome.summary).toMatch(/> \[!WARNING\]\n> .*&lt;img/);
    expect(outcome.run.lines.filter((line) => /^##vso\[task\.complete/.test(line))).toEqual([]);
  });

  it.each([
    ['a FIFO', () => (execFileSync('mkfifo', [join(folder, `pipe-${host}.pem`)]), join(folder, `pipe-${host}.pem`))],
    ['a directory', () => folder],
    ['a device', () => '/dev/zero'],
  ])('refuses %s as a certificate file without reading it', async (_name, path) => {
    const outcome = await run({ method: 'certificate', secret: '', certificate: path() });
    expect(outcome.succeeded).toBe(false);
    expect(outcome.failure).toMatch(/not a regular file/);
  });

  it('refuses a certificate file over its size limit, and says the limit', async () => {
    const big = join(folder, `big-${host}.pem`);
    writeFileSync(big, Buffer.alloc(300 * 1024, 'A'));
    const outcome = await run({ method: 'certificate', secret: '', certificate: big, password: 'pfx-pass-123' });
    expect(outcome.succeeded).toBe(false);
    expect(outcome.failure).toMatch(/256 KiB/);
    expect(findLeaks(outcome.run, ['pfx-pass-123'], { channelFiles: ['github_output', 'github_env'] })).toEqual([]);
  });
});
