// The Azure Pipelines agent's side of the test harness: runs the task's bundle as the agent does, with inputs,
// service connections and variables in the environment, and reads back the `##vso[...]` commands it printed.

import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  type AzureRun,
  jobFolder,
  parseVso,
  readTree,
  type RunOptions,
  spawnNode,
  splitLines,
  taskManifest,
} from './hosts.js';
import { ROOT } from '../../scripts/manifests.js';

export interface ServiceConnection {
  readonly id: string;
  readonly scheme: string;
  readonly parameters: Readonly<Record<string, string>>;
  readonly data?: Readonly<Record<string, string>>;
}

/** `Agent.ProxyUrl` → `AGENT_PROXYURL`, as the agent maps variables to the environment. */
const variableToEnv = (name: string): string => name.replace(/\./g, '_').toUpperCase();

/** Inputs a pipeline fills from secret variables (`clientSecret: $(clientSecret)`); the agent masks their values. */
const SECRET_INPUTS = new Set(['clientSecret', 'certificatePassword', 'certificate', 'privateKey']);

export interface AzureRunOptions extends RunOptions {
  readonly endpoints?: readonly ServiceConnection[];
  /** Pipeline variables (System.OidcRequestUri, Agent.ProxyUrl, System.Debug, …). */
  readonly variables?: Readonly<Record<string, string>>;
  readonly secretVariables?: Readonly<Record<string, string>>;
  readonly systemAccessToken?: string;
  readonly handler?: string;
}

/** Runs the task's bundle as the agent does: inputs, endpoints and variables in the environment. */
export async function runAzure(inputs: Readonly<Record<string, string>>, options: AzureRunOptions): Promise<AzureRun> {
  const manifest = taskManifest();
  const job = jobFolder();
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: job.root,
    NODE_EXTRA_CA_CERTS: options.caFile,
    AGENT_TEMPDIRECTORY: job.temp,
    AGENT_WORKFOLDER: job.work,
    SYSTEM_DEFAULTWORKINGDIRECTORY: job.work,
    TMPDIR: job.temp,
    TF_BUILD: 'True',
  };
  for (const input of manifest.inputs) env[`INPUT_${input.name.toUpperCase()}`] = input.defaultValue ?? '';
  for (const [name, value] of Object.entries(inputs)) {
    const input = manifest.inputs.find((candidate) => candidate.name === name || candidate.aliases?.includes(name));
    if (!input) throw new Error(`task.json has no input '${name}'`);
    env[`INPUT_${input.name.toUpperCase()}`] = value;
  }
  const endpoints = [...(options.endpoints ?? [])];
  if (options.systemAccessToken) {
    endpoints.push({
      id: 'SYSTEMVSSCONNECTION',
      scheme: 'OAuth',
      parameters: { AccessToken: options.systemAccessToken },
    });
  }
  for (const endpoint of endpoints) {
    env[`ENDPOINT_URL_${endpoint.id}`] = 'https://management.azure.com/';
    env[`ENDPOINT_AUTH_${endpoint.id}`] = JSON.stringify({ scheme: endpoint.scheme, parameters: endpoint.parameters });
    env[`ENDPOINT_AUTH_SCHEME_${endpoint.id}`] = endpoint.scheme;
    for (const [key, value] of Object.entries(endpoint.parameters))
      env[`ENDPOINT_AUTH_PARAMETER_${endpoint.id}_${key.toUpperCase()}`] = value;
    for (const [key, value] of Object.entries(endpoint.data ?? {}))
      env[`ENDPOINT_DATA_${endpoint.id}_${key.toUpperCase()}`] = value;
  }
  const hostMasked = [
    ...Object.entries(inputs)
      .filter(([name, value]) => SECRET_INPUTS.has(name) && value)
      .map(([, value]) => value),
    ...endpoints.flatMap((endpoint) => Object.values(endpoint.parameters)),
    ...Object.values(options.secretVariables ?? {}),
  ];
  for (const [name, value] of Object.entries(options.variables ?? {})) env[variableToEnv(name)] = value;
  const secretNames = Object.keys(options.secretVariables ?? {});
  for (const [name, value] of Object.entries(options.secretVariables ?? {}))
    env[`SECRET_${variableToEnv(name)}`] = value;
  if (secretNames.length) env.VSTS_SECRET_VARIABLES = JSON.stringify(secretNames);
  Object.assign(env, options.env);

  const handler = manifest.execution[options.handler ?? 'Node20_1'];
  if (!handler) throw new Error(`task.json has no handler ${options.handler}`);
  try {
    const run = await spawnNode(join(ROOT, handler.target), env, options.cwd ?? job.work);
    const lines = splitLines(run.stdout);
    const commands = lines.flatMap((line) => {
      const command = parseVso(line);
      return command ? [command] : [];
    });
    const variables: Record<string, { value: string; secret: boolean; output: boolean }> = {};
    let result: AzureRun['result'];
    let summary = '';
    for (const command of commands) {
      if (command.command === 'task.setvariable') {
        variables[command.properties.variable!] = {
          value: command.data,
          secret: command.properties.issecret === 'true',
          output: command.properties.isOutput === 'true' || command.properties.isoutput === 'true',
        };
      }
      if (command.command === 'task.complete')
        result = { status: command.properties.result ?? '', message: command.data };
      if (command.command === 'task.uploadsummary') summary = readFileSync(command.data, 'utf8');
    }
    return {
      code: run.code,
      lines,
      stderr: run.stderr,
      elapsedMs: run.elapsedMs,
      commands,
      variables,
      result,
      summary,
      files: readTree(job.root),
      hostMasked,
    };
  } finally {
    rmSync(job.root, { recursive: true, force: true });
  }
}
