// task.json against the names the Azure Pipelines adapter uses: an input the adapter reads but task.json lacks
// can never be set in the pipeline editor and reads as empty; an output variable it sets but task.json does not
// declare gets no `<step>.name` reference for later steps or jobs.

import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as AzureHost from '../../src/azure-pipelines/host.js';
import { ROOT, taskManifest } from '../../scripts/manifests.js';

interface AdapterNames {
  inputNames: typeof AzureHost.INPUT_NAMES;
  outputVariables: typeof AzureHost.OUTPUT_VARIABLES;
  authMethods: typeof AzureHost.AUTH_METHODS;
  defaultAuthMethod: string;
}

/**
 * The adapter's names, read in a child process: task-lib acts at import, moving INPUT_*, SECRET_* and
 * ENDPOINT_AUTH_* out of process.env, writing a .taskkey file into Agent.TempDirectory (else the working
 * directory) and printing ##vso[task.debug] lines, which an Azure Pipelines agent running these tests would read.
 */
function readAdapterNames(tempDirectory: string): AdapterNames {
  const script = `
    const host = await import('./src/azure-pipelines/host.ts');
    console.log(JSON.stringify({
      inputNames: host.INPUT_NAMES,
      outputVariables: host.OUTPUT_VARIABLES,
      authMethods: host.AUTH_METHODS,
      defaultAuthMethod: host.createAzurePipelinesHost().defaultAuthMethod,
    }));`;
  const stdout = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', AGENT_TEMPDIRECTORY: tempDirectory },
    encoding: 'utf8',
  });
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as AdapterNames;
}

const manifest = taskManifest();
const sorted = (names: Iterable<string>) => [...names].sort();
let adapter: AdapterNames;
let temp: string;
beforeAll(() => {
  temp = mkdtempSync(join(tmpdir(), 'entra-token-manifest-'));
  adapter = readAdapterNames(temp);
});
afterAll(() => rmSync(temp, { recursive: true, force: true }));

describe('task.json and src/azure-pipelines/host.ts', () => {
  const input = (name: string) => manifest.inputs.find((candidate) => candidate.name === name);
  const methodInput = () =>
    input(adapter.inputNames.authMethod) as
      ((typeof manifest.inputs)[number] & { options?: Record<string, string> }) | undefined;

  it('declare the same inputs', () => {
    expect(sorted(manifest.inputs.map((candidate) => candidate.name))).toEqual(
      sorted(Object.values(adapter.inputNames)),
    );
  });

  it('declare the same output variables', () => {
    expect(sorted(manifest.outputVariables.map((variable) => variable.name))).toEqual(
      sorted(Object.values(adapter.outputVariables)),
    );
  });

  it('offer exactly the authentication methods the adapter knows', () => {
    expect(sorted(Object.keys(methodInput()?.options ?? {}))).toEqual(sorted(Object.keys(adapter.authMethods)));
  });

  it("default the authentication method to the adapter's default", () => {
    expect(methodInput()?.defaultValue).toBe(adapter.defaultAuthMethod);
  });

  it('show inputs only for authentication methods that exist', () => {
    const name = adapter.inputNames.authMethod;
    const named = manifest.inputs.flatMap((candidate) =>
      [...(candidate.visibleRule ?? '').matchAll(new RegExp(`\\b${name}\\s*=\\s*(\\w+)`, 'g'))].map(
        (match) => match[1]!,
      ),
    );
    expect(named.length).toBeGreaterThan(0);
    for (const method of named) expect(Object.keys(adapter.authMethods)).toContain(method);
  });

  it("were compared with task-lib's .taskkey kept out of the repository", () => {
    expect(existsSync(join(temp, '.taskkey'))).toBe(true);
  });
});
