// Inputs users type and values servers send, through the built bundles: every timeout in range works, and no
// value the user controls can become a host command.

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { HOSTS, runOn } from './helpers/scenario.js';
import { APPS, createWorld, SECRET, TENANT_ID, type World } from './helpers/world.js';

let world: World;
beforeAll(async () => {
  world = await createWorld();
});
afterAll(async () => {
  await world?.close();
});
beforeEach(() => world.emulator.clear());

/** Lines on which a host would act on a command other than the one the line starts with. */
const injected = (lines: readonly string[]): string[] =>
  lines.filter(
    (line) =>
      /##(vso)?\[/i.test(line.replace(/^##vso\[[^\]]*\]/, '')) ||
      /^\s*::(?!(add-mask|debug|warning|error)::)/.test(line),
  );

describe.each(HOSTS)('%s bundle', (host) => {
  const secretRun = (extra: Record<string, string>) =>
    runOn(
      host,
      {
        method: 'secret',
        tenant: TENANT_ID,
        client: APPS.secret,
        secret: SECRET,
        authority: world.emulator.url,
        ...extra,
      },
      { caFile: world.emulator.caFile, env: { RUNNER_DEBUG: '1', SYSTEM_DEBUG: 'true' } },
    );

  it.each(['16', '20', '15.5', '100', '3600'])('gets a token with a timeout of %s seconds', async (timeout) => {
    const outcome = await secretRun({ timeout });
    expect(outcome.failure).toBeUndefined();
    expect(outcome.token).toBeTruthy();
  });

  it('refuses a timeout past the maximum by name', async () => {
    const outcome = await secretRun({ timeout: '86400' });
    expect(outcome.succeeded).toBe(false);
    expect(outcome.failure).toMatch(
      /Input '(timeout-seconds|timeoutSeconds)' is '86400'; it must be a number of seconds from 1 to 3600/,
    );
    expect(world.emulator.count('token')).toBe(0);
  });

  it('refuses a scope that carries a logging command, and runs none', async () => {
    const outcome = await secretRun({ scope: 'api://x##vso[task.prependpath]/tmp/pwn/.default' });
    expect(outcome.succeeded).toBe(false);
    expect(outcome.failure).toMatch(/holds characters a resource URI cannot/);
    expect(injected(outcome.run.lines)).toEqual([]);
  });

  it.each([
    ['tenant', 'x##vso[task.prependpath]/tmp/pwn'],
    ['tenant', 'x##[set-env name=PWNED;]1'],
    ['client', '::set-env name=PWNED::1'],
  ] as const)('shows a hostile %s value without a host acting on it', async (input, value) => {
    const outcome = await secretRun({ [input]: value });
    expect(outcome.succeeded).toBe(false);
    expect(outcome.failure).toContain(`Input '`);
    expect(injected(outcome.run.lines)).toEqual([]);
    if (host === 'azure') expect(outcome.run.lines.join('\n')).not.toMatch(/##vso\[task\.prependpath/i);
  });
});
