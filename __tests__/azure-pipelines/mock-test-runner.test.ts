// The built task under azure-pipelines-task-lib's MockTestRunner, as Azure Pipelines tasks are usually tested: L0
// scripts in ./L0 set the environment the agent would (inputs, service connection, temp folder) and import the
// bundle. The bundle carries its own task-lib, so TaskMockRunner's mocks and answers could not reach it; the
// scripts set INPUT_* and ENDPOINT_* themselves. MockTestRunner runs them with spawnSync, which blocks this
// process, so the emulator runs in a process of its own (L0/remote-emulator.ts).

import { join } from 'node:path';
import { MockTestRunner } from 'azure-pipelines-task-lib/mock-test.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NODE, parseVso, ROOT, spawnNode, type VsoCommand } from '../helpers/hosts.js';
import { APPS, SECRET, TENANT_ID } from '../helpers/world.js';
import { startRemoteEmulator, type RemoteEmulator } from './L0/remote-emulator.js';

/** As in L0/wrong-secret.mjs. */
const WRONG_SECRET = 'wrong-secret-value-000000';
const L0 = join(ROOT, '__tests__/azure-pipelines/L0');
const JWT = /eyJ[\w-]+\.[\w-]+\.[\w-]+/g;

let emulator: RemoteEmulator;
const saved: Record<string, string | undefined> = {};
const childEnv = (): Record<string, string> => ({
  // Read by Node at start-up only: MockTestRunner's child inherits it from this process.
  NODE_EXTRA_CA_CERTS: emulator.caFile,
  L0_AUTHORITY_HOST: emulator.url,
  L0_TENANT_ID: TENANT_ID,
  L0_CLIENT_ID: APPS.secret,
  L0_CLIENT_SECRET: SECRET,
});

beforeAll(async () => {
  emulator = await startRemoteEmulator();
  for (const [name, value] of Object.entries(childEnv())) {
    saved[name] = process.env[name];
    process.env[name] = value;
  }
});
afterAll(async () => {
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  await emulator?.close();
});
interface L0Run {
  readonly tr: MockTestRunner;
  readonly commands: readonly VsoCommand[];
  readonly lines: readonly string[];
  readonly variable: (name: string) => VsoCommand | undefined;
}

async function runL0(script: string): Promise<L0Run> {
  const tr = new MockTestRunner(join(L0, script), join(ROOT, 'task.json'));
  // With a Node given, MockTestRunner downloads none.
  tr.nodePath = NODE;
  await tr.runAsync();
  const lines = tr.stdout.split(/\r?\n/);
  const commands = lines.flatMap((line) => parseVso(line) ?? []);
  const variable = (name: string) =>
    commands.find((command) => command.command === 'task.setvariable' && command.properties.variable === name);
  return { tr, commands, lines, variable };
}

/** The token and the secret reach stdout only in the commands that hand them to the agent to mask or keep. */
function expectHandledSecretly(run: L0Run, token: string, secret: string): void {
  const setSecretAt = (value: string) => run.lines.findIndex((line) => line === `##vso[task.setsecret]${value}`);
  expect(setSecretAt(secret)).toBeGreaterThanOrEqual(0);
  expect(setSecretAt(token)).toBeGreaterThanOrEqual(0);
  run.lines.forEach((line, at) => {
    if (line.includes(token)) {
      expect(line.startsWith('##vso[task.setsecret]') || line.includes('issecret=true;')).toBe(true);
      expect(at).toBeGreaterThanOrEqual(setSecretAt(token));
    }
    // task-lib's own debug lines echo inputs and connection parameters; the agent has masked those values by then.
    if (line.includes(secret)) expect(line).toMatch(/^##vso\[task\.(setsecret|debug)\]/);
  });
  expect(run.tr.stderr).not.toContain(secret);
  expect(run.tr.stderr).not.toMatch(JWT);
}

describe.each([
  ['a client secret', 'client-secret.mjs', /with the client secret;/],
  ['a service connection with a secret (spnKey)', 'service-connection.mjs', /service connection f1e2d3c4-/],
])('the task under MockTestRunner, with %s', (_case, script, credentialLine) => {
  let run: L0Run;
  beforeAll(async () => {
    await emulator.clear();
    run = await runL0(script);
  });

  it('succeeds and sets accessToken as a secret output variable', async () => {
    expect(run.tr.succeeded).toBe(true);
    expect(run.tr.errorIssues).toEqual([]);
    // succeeded only means no task.complete result=Failed (a crash reads the same): the token must be there.
    expect(run.tr.stdout).toContain('##vso[task.setvariable variable=accessToken;isOutput=true;issecret=true;]');
    const token = run.variable('accessToken')!.data;
    expect((await emulator.verify(token)).appid).toBe(APPS.secret);
    expect(run.variable('ACCESS_TOKEN')).toMatchObject({ data: token, properties: { issecret: 'true' } });
    const expiresOn = run.variable('expiresOn')!;
    expect(expiresOn.properties).toMatchObject({ isOutput: 'true', issecret: 'false' });
    expect(new Date(expiresOn.data).getTime()).toBeGreaterThan(Date.now() + 3_000_000);
    expect(run.tr.stdout).toMatch(credentialLine);
  });

  it('sent one token request, authenticated with the secret', async () => {
    const requests = (await emulator.requests()).filter((request) => request.endpoint === 'token');
    expect(requests.map((request) => [request.status, request.credential])).toEqual([[200, 'secret']]);
  });

  it('hands the token and the secret to the agent to mask before anything else shows them', () => {
    expectHandledSecretly(run, run.variable('accessToken')!.data, SECRET);
  });
});

describe('the task under MockTestRunner, with a wrong client secret', () => {
  let run: L0Run;
  beforeAll(async () => {
    await emulator.clear();
    run = await runL0('wrong-secret.mjs');
  });

  it('fails with the AADSTS7000215 error and its hint as an error issue', () => {
    expect(run.tr.succeeded).toBe(false);
    expect(run.tr.errorIssues).toHaveLength(1);
    expect(run.tr.errorIssues[0]).toMatch(/AADSTS7000215[\s\S]*Hint: .*"Value".*not its "Secret ID"/);
    expect(run.commands.find((command) => command.command === 'task.complete')?.properties.result).toBe('Failed');
  });

  it('sent one token request, which Entra ID refused', async () => {
    const requests = (await emulator.requests()).filter((request) => request.endpoint === 'token');
    expect(requests.map((request) => [request.status, request.credential])).toEqual([[401, 'secret']]);
  });

  it('sets no token variable', () => {
    expect(run.variable('accessToken')).toBeUndefined();
    expect(run.variable('ACCESS_TOKEN')).toBeUndefined();
    expect(run.tr.stdout).not.toMatch(JWT);
  });

  it('masks the wrong secret too', () => {
    expect(run.lines).toContain(`##vso[task.setsecret]${WRONG_SECRET}`);
    for (const line of run.lines.filter((text) => text.includes(WRONG_SECRET)))
      expect(line).toMatch(/^##vso\[task\.(setsecret|debug)\]/);
  });

  it('reports the failure with task.complete and exits 0, as the agent expects', async () => {
    // MockTestRunner keeps no exit code: run the same script once more directly.
    const direct = await spawnNode(join(L0, 'wrong-secret.mjs'), { PATH: process.env.PATH ?? '', ...childEnv() }, ROOT);
    expect(direct.code).toBe(0);
    expect(direct.stdout).toMatch(/^##vso\[task\.complete result=Failed;\].*AADSTS7000215/m);
  });
});
