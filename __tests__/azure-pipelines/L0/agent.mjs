// What the Azure Pipelines agent does before it starts the task, for L0 scripts run by MockTestRunner: every input
// of task.json in the environment (its default, or the value given), service connections as ENDPOINT_* variables,
// an agent temp folder (task-lib writes its .taskkey there, else into the working directory); then it runs the
// built bundle, which carries its own task-lib. Emulator details come from the test through L0_* variables.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const task = JSON.parse(readFileSync(join(ROOT, 'task.json'), 'utf8'));

/** A variable the test must have set for this script. */
export function given(name) {
  const value = process.env[name];
  if (!value) throw new Error(`L0 script: ${name} is not set`);
  return value;
}

/**
 * @param {{ inputs: Record<string, string>, endpoints?: { id: string, scheme: string, url?: string,
 *   parameters: Record<string, string>, data?: Record<string, string> }[] }} job
 */
export async function runTask({ inputs, endpoints = [] }) {
  for (const input of task.inputs) process.env[`INPUT_${input.name.toUpperCase()}`] = input.defaultValue ?? '';
  for (const [name, value] of Object.entries(inputs)) {
    if (!task.inputs.some((input) => input.name === name)) throw new Error(`task.json has no input '${name}'`);
    process.env[`INPUT_${name.toUpperCase()}`] = value;
  }
  for (const endpoint of endpoints) {
    process.env[`ENDPOINT_URL_${endpoint.id}`] = endpoint.url ?? 'https://management.azure.com/';
    process.env[`ENDPOINT_AUTH_${endpoint.id}`] = JSON.stringify({
      scheme: endpoint.scheme,
      parameters: endpoint.parameters,
    });
    process.env[`ENDPOINT_AUTH_SCHEME_${endpoint.id}`] = endpoint.scheme;
    for (const [key, value] of Object.entries(endpoint.parameters))
      process.env[`ENDPOINT_AUTH_PARAMETER_${endpoint.id}_${key.toUpperCase()}`] = value;
    for (const [key, value] of Object.entries(endpoint.data ?? {}))
      process.env[`ENDPOINT_DATA_${endpoint.id}_${key.toUpperCase()}`] = value;
  }
  const temp = mkdtempSync(join(tmpdir(), 'entra-token-l0-'));
  process.env.AGENT_TEMPDIRECTORY = temp;
  try {
    await import(pathToFileURL(join(ROOT, task.execution.Node20_1.target)).href);
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}
