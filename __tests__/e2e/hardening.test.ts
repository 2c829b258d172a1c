// Inputs users type and values servers send, through the built bundles: every timeout in range works, and no
// value the user controls can become a host command.

import { describe, expect, it } from 'vitest';
import { HOSTS, runOn, secretInputs, type Inputs } from '../helpers/scenario.js';
import { useWorld } from '../helpers/use-world.js';

const { world } = useWorld();

/** Commands the step itself issues, through @actions/core and task-lib. */
const OWN_COMMANDS =
  /^(task\.(debug|issue|complete|setvariable|setsecret|uploadsummary|prependpath)|add-mask|debug|warning|error|notice)$/;

/**
 * The command a host acts on in a line, as they parse it: the agent takes the first `##vso[` anywhere in the line;
 * the runner a line that starts with `::`, else a legacy `##[` anywhere. What follows a command's `]` is its data.
 */
function actedOn(line: string): { at: number; command: string; data: string } | undefined {
  const match =
    /##vso\[([^\s\]]*)[^\]]*\](.*)$/.exec(line) ??
    /^\s*::([^:\s]+)[^:]*::(.*)$/.exec(line) ??
    /##\[([^\s\]]*)[^\]]*\](.*)$/.exec(line);
  return match ? { at: match.index, command: match[1]!, data: match[2]! } : undefined;
}

/** Lines on which a host would run a command the user's value put there. */
const injected = (lines: readonly string[]): string[] =>
  lines.filter((line) => {
    const command = actedOn(line);
    if (!command) return false;
    return (
      command.at > 0 ||
      !OWN_COMMANDS.test(command.command) ||
      (command.command === 'task.prependpath' && /pwn/.test(command.data))
    );
  });

describe.each(HOSTS)('%s bundle', (host) => {
  const secretRun = (extra: Inputs) =>
    runOn(host, secretInputs(world(), extra), {
      caFile: world().emulator.caFile,
      env: { RUNNER_DEBUG: '1', SYSTEM_DEBUG: 'true' },
    });

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
    expect(world().emulator.count('token')).toBe(0);
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
  });

  it.each(
    host === 'github'
      ? ['NODE_OPTIONS', 'PATH', 'LD_PRELOAD', 'BASH_ENV', 'GITHUB_TOKEN', 'RUNNER_TEMP', 'ACTIONS_RUNTIME_URL']
      : ['accessToken', 'expiresOn', 'PATH', 'NODE_OPTIONS', 'System.AccessToken'],
  )('refuses %s as the variable for the token, before any request', async (variable) => {
    const outcome = await secretRun({ variable });
    expect(outcome.succeeded).toBe(false);
    expect(outcome.failure).toMatch(
      new RegExp(`Input '(export-variable|variableName)' is '${variable.replace('.', '\\.')}'`),
    );
    expect(world().emulator.count('token')).toBe(0);
  });

  it('gets a token from an AD FS authority (Azure Stack Hub), in one request', async () => {
    const outcome = await secretRun({ authority: `${world().emulator.url}/adfs`, tenant: '' });
    expect(outcome.failure).toBeUndefined();
    expect(world().emulator.requests.map((request) => request.endpoint)).toEqual(['adfs-token']);
    const claims = await world().emulator.verify(outcome.token!);
    expect(claims.aud).toBe('https://graph.microsoft.com');
    expect(claims.iss).toBe(`${world().emulator.url}/adfs`);
  });

  // 429 with Retry-After 0 keeps the test short; 500 and 503 take the same path as 410 (transient status).
  it('retries the managed identity endpoint after 410, a reset and 429', async () => {
    world().emulator.inject(
      'imds',
      { kind: 'status', status: 410 },
      { kind: 'reset' },
      { kind: 'status', status: 429, retryAfter: '0' },
    );
    const outcome = await runOn(
      host,
      { method: 'managed-identity', timeout: '30' },
      { caFile: world().emulator.caFile, env: { AZURE_POD_IDENTITY_AUTHORITY_HOST: world().emulator.imdsUrl } },
    );
    expect(outcome.failure).toBeUndefined();
    expect(world().emulator.count('imds')).toBe(4);
  });
});
