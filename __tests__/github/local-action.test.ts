// The action's source entry (src/github/main.ts) under @github/local-action, the way a contributor runs it on their
// machine, against the emulator. local-action stubs @actions/core: values registered with setSecret print as
// `****`, an output holding one is dropped with a warning, and the other outputs end up in an "Action Outputs"
// table. It exits 0 even when the action calls setFailed, so these tests read what it printed.

import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { NODE, ROOT } from '../helpers/hosts.js';
import { useWorld } from '../helpers/use-world.js';
import { APPS, SECRET, TENANT_ID } from '../helpers/world.js';

const WRONG_SECRET = 'wrong-secret-value-000000';
const JWT = /eyJ[\w-]+\.[\w-]+\.[\w-]+/;
/** local-action starts tsx through `npm exec`; a whole run takes seconds. */
const RUN_TIMEOUT_MS = 120_000;

interface LocalRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Lines of the "Running Action" part, where the action's own messages are. */
  readonly actionLines: readonly string[];
  /** Rows of the "Action Outputs" table, by output name. */
  readonly outputs: Readonly<Record<string, string>>;
}

// Each describe runs the action once, in its beforeAll, and its tests read what the emulator saw then.
const { world, folder } = useWorld({ folderPrefix: 'entra-token-local-action-', resetEachTest: false });

/** Runs `local-action run . src/github/main.ts <dotenv>` in the repository root with these inputs. */
async function localAction(name: string, inputs: Record<string, string>): Promise<LocalRun> {
  const dotenv = join(folder(), `${name}.env`);
  const home = mkdtempSync(join(folder(), 'home-'));
  writeFileSync(
    dotenv,
    Object.entries(inputs)
      .map(([input, value]) => `INPUT_${input.toUpperCase()}=${value}\n`)
      .join(''),
  );
  const env: Record<string, string> = {
    // The bin script starts with `#!/usr/bin/env node`: the Node under test comes first.
    PATH: [dirname(NODE), process.env.PATH ?? ''].join(delimiter),
    HOME: home,
    TMPDIR: folder(),
    NODE_EXTRA_CA_CERTS: world().emulator.caFile,
    // npm exec finds tsx in the project; it must not go to the registry.
    npm_config_offline: 'true',
    NO_COLOR: '1',
  };
  const { code, stdout, stderr } = await new Promise<{ code: number | null; stdout: string; stderr: string }>(
    (resolveRun, reject) => {
      const child = spawn(join(ROOT, 'node_modules/.bin/local-action'), ['run', '.', 'src/github/main.ts', dotenv], {
        cwd: ROOT,
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      let err = '';
      child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
      child.on('error', reject);
      child.on('close', (exitCode) => resolveRun({ code: exitCode, stdout: out, stderr: err }));
    },
  );
  // eslint-disable-next-line no-control-regex
  const plain = stdout.replace(/\x1b\[[0-9;]*m/g, '');
  const running = plain.split(/^\s*Running Action\s*$/m)[1]?.split(/^\s*Action Outputs\s*$/m) ?? [];
  const outputs: Record<string, string> = {};
  for (const row of (running[1] ?? '').matchAll(/│ \d+\s+│ '([\w-]+)'\s+│ '([^']*)'\s+│/g)) outputs[row[1]!] = row[2]!;
  return {
    code,
    stdout: plain,
    stderr,
    actionLines: (running[0] ?? '').split(/\r?\n/).filter((line) => line.trim() && !/^=+$/.test(line)),
    outputs,
  };
}

const inputs = (more: Record<string, string>) => ({
  'tenant-id': TENANT_ID,
  'client-id': APPS.secret,
  'client-secret': SECRET,
  'authority-host': world().emulator.url,
  'auth-type': 'secret',
  ...more,
});

/** Runs local-action once for the describe it is called in, on a cleared emulator; its tests read the run back. */
function localActionOnce(name: string, more: Record<string, string>): () => LocalRun {
  let run: LocalRun | undefined;
  beforeAll(async () => {
    world().emulator.clear();
    run = await localAction(name, inputs(more));
  }, RUN_TIMEOUT_MS);
  return () => run ?? expect.unreachable('local-action has not run');
}

/** Neither what local-action printed nor its errors show a token or `secret`. */
function expectNeitherTokenNor(secret: string, run: LocalRun): void {
  for (const text of [run.stdout, run.stderr]) {
    expect(text).not.toMatch(JWT);
    expect(text).not.toContain(secret);
  }
}

describe('local-action with a client secret', () => {
  const run = localActionOnce('secret', {});

  it('runs the action to success', () => {
    expect(run().code).toBe(0);
    expect(run().stdout).not.toContain('::error::');
    expect(run().actionLines).toContainEqual(
      expect.stringMatching(
        /^::info::Got an access token for https:\/\/graph\.microsoft\.com\/\.default with the client secret;/,
      ),
    );
    expect(world().emulator.count('token')).toBe(1);
    expect(world().emulator.requests.find((request) => request.endpoint === 'token')).toMatchObject({
      status: 200,
      credential: 'secret',
    });
  });

  it('lists expires-on and token-type in the outputs table', () => {
    expect(run().outputs['token-type']).toBe('Bearer');
    expect(new Date(run().outputs['expires-on']!).getTime()).toBeGreaterThan(Date.now() + 3_000_000);
  });

  it('registered the token as a secret before setting access-token, so local-action dropped that output', () => {
    expect(run().outputs).not.toHaveProperty('access-token');
    expect(run().actionLines).toContain('::warning::Skip output access-token since it may contain secret.');
  });

  it('never prints the token or the client secret', () => {
    expectNeitherTokenNor(SECRET, run());
  });
});

describe('local-action with a wrong client secret', () => {
  const run = localActionOnce('wrong-secret', { 'client-secret': WRONG_SECRET });

  it('fails with the AADSTS7000215 error and its hint (local-action still exits 0)', () => {
    expect(run().code).toBe(0);
    const error = run().stdout.slice(run().stdout.indexOf('::error::'));
    expect(run().stdout).toContain('::error::');
    expect(error).toMatch(/^::error::Entra ID refused the token request \(invalid_client\): AADSTS7000215/);
    expect(error).toMatch(/^Hint: .*"Value".*not its "Secret ID"/m);
    expect(world().emulator.count('token')).toBe(1);
  });

  it('sets no outputs and prints no secret', () => {
    expect(run().outputs).toEqual({});
    expect(run().stdout).toContain('No outputs were set!');
    expectNeitherTokenNor(WRONG_SECRET, run());
  });
});

describe('local-action with a client secret an error message quotes', () => {
  // The client ID is checked after the secret inputs are masked: an error that quotes it shows **** here.
  const run = localActionOnce('quoted-secret', { 'client-id': SECRET });

  it('shows the secret as ****', () => {
    expect(run().actionLines).toContainEqual(
      expect.stringMatching(/^::error::.*client-id.*'\*\*\*\*', which is not a GUID/),
    );
    expect(run().stdout).not.toContain(SECRET);
    expect(run().stderr).not.toContain(SECRET);
    expect(world().emulator.count('token')).toBe(0);
  });
});
