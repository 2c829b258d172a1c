// Stand-ins for the hosts that run the built bundles as the hosts do: the job folder and process plumbing they
// share, and the GitHub runner (INPUT_* from action.yml's defaults, the GITHUB_* command files, `node <runs.main>`).
// The Azure Pipelines agent's stand-in is in azure-agent.ts, re-exported here.

import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { actionManifest, ROOT, taskManifest } from '../../scripts/manifests.js';

export { actionManifest, ROOT, taskManifest };
/** The Node binary that runs the bundles; CI points it at Node 24 for a second pass. */
export const NODE = process.env.ENTRA_TOKEN_TEST_NODE || process.execPath;

export interface Run {
  readonly code: number | null;
  readonly lines: readonly string[];
  readonly stderr: string;
  readonly elapsedMs: number;
  /** Every file the step left in its folders, by path relative to them, with its text. */
  readonly files: Readonly<Record<string, string>>;
  /**
   * Values the host masks before the step starts: Azure Pipelines' secret variables (and inputs that take their
   * value from one, as `$(clientSecret)` does) and service-connection secrets. task-lib prints inputs and
   * connection parameters in debug lines; the agent has these masked by then.
   */
  readonly hostMasked?: readonly string[];
}

export interface GitHubRun extends Run {
  readonly outputs: Readonly<Record<string, string>>;
  readonly exported: Readonly<Record<string, string>>;
  readonly summary: string;
}

export interface VsoCommand {
  readonly command: string;
  readonly properties: Readonly<Record<string, string>>;
  readonly data: string;
}

export interface AzureRun extends Run {
  readonly commands: readonly VsoCommand[];
  /** Variables the step set, by name, with their flags. */
  readonly variables: Readonly<Record<string, { value: string; secret: boolean; output: boolean }>>;
  readonly result?: { readonly status: string; readonly message: string };
  readonly summary: string;
}

export interface RunOptions {
  readonly caFile: string;
  /** Environment the host would add: OIDC variables, proxies, debug switches. */
  readonly env?: Readonly<Record<string, string>>;
  /** Runs in this working directory (certificate paths are relative to it). */
  readonly cwd?: string;
}

/** A fresh job folder: HOME, temp and work folders, all removed after the run. */
export function jobFolder(): { root: string; temp: string; work: string } {
  const root = mkdtempSync(join(tmpdir(), 'entra-token-job-'));
  const temp = join(root, 'temp');
  const work = join(root, 'work');
  mkdirSync(temp);
  mkdirSync(work);
  return { root, temp, work };
}

export function readTree(root: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (folder: string): void => {
    for (const name of readdirSync(folder)) {
      const path = join(folder, name);
      if (statSync(path).isDirectory()) walk(path);
      else files[relative(root, path)] = readFileSync(path, 'utf8');
    }
  };
  walk(root);
  return files;
}

/** Runs a Node script as a whole process; `elapsedMs` spans from spawn to exit. */
export function spawnNode(
  script: string,
  env: Record<string, string>,
  cwd: string,
  args: readonly string[] = [],
): Promise<{ code: number | null; stdout: string; stderr: string; elapsedMs: number }> {
  const started = performance.now();
  return new Promise((resolveRun, reject) => {
    const child = spawn(NODE, [script, ...args], { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolveRun({ code, stdout, stderr, elapsedMs: performance.now() - started }));
  });
}

export const splitLines = (text: string): string[] => text.split(/\r?\n/).filter((line) => line !== '');

/** GitHub's file-command format: `name<<DELIMITER` … `DELIMITER`, or `name=value`. */
export function parseFileCommands(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i]!;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const end = lines.indexOf(heredoc[2]!, i + 1);
      values[heredoc[1]!] = lines.slice(i + 1, end).join('\n');
      i = end;
    } else if (line.includes('=')) {
      values[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1);
    }
  }
  return values;
}

const githubInputVariable = (name: string): string => `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;

/** Runs the action's bundle as the runner does for `uses: ./` with `with:` inputs. */
export async function runGitHub(inputs: Readonly<Record<string, string>>, options: RunOptions): Promise<GitHubRun> {
  const manifest = actionManifest();
  const job = jobFolder();
  const outputFile = join(job.temp, 'github_output');
  const envFile = join(job.temp, 'github_env');
  const summaryFile = join(job.temp, 'step_summary.md');
  for (const file of [outputFile, envFile, summaryFile]) writeFileSync(file, '');
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: job.root,
    NODE_EXTRA_CA_CERTS: options.caFile,
    GITHUB_OUTPUT: outputFile,
    GITHUB_ENV: envFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_WORKSPACE: job.work,
    RUNNER_TEMP: job.temp,
    TMPDIR: job.temp,
    GITHUB_ACTIONS: 'true',
  };
  for (const [name, spec] of Object.entries(manifest.inputs)) env[githubInputVariable(name)] = spec.default ?? '';
  for (const [name, value] of Object.entries(inputs)) {
    if (!(name in manifest.inputs)) throw new Error(`action.yml has no input '${name}'`);
    env[githubInputVariable(name)] = value;
  }
  Object.assign(env, options.env);
  try {
    const run = await spawnNode(join(ROOT, manifest.runs.main), env, options.cwd ?? job.work);
    return {
      code: run.code,
      lines: splitLines(run.stdout),
      stderr: run.stderr,
      elapsedMs: run.elapsedMs,
      outputs: parseFileCommands(readFileSync(outputFile, 'utf8')),
      exported: parseFileCommands(readFileSync(envFile, 'utf8')),
      summary: readFileSync(summaryFile, 'utf8'),
      files: readTree(job.root),
    };
  } finally {
    rmSync(job.root, { recursive: true, force: true });
  }
}

/** Task-lib's escaping of command data and properties. */
const unescapeVso = (value: string): string =>
  value
    .replace(/%0D/g, '\r')
    .replace(/%0A/g, '\n')
    .replace(/%5D/g, ']')
    .replace(/%3B/g, ';')
    .replace(/%AZP25/g, '%');

export function parseVso(line: string): VsoCommand | undefined {
  const match = /^##vso\[([\w.]+)([^\]]*)\](.*)$/.exec(line);
  if (!match) return undefined;
  const properties: Record<string, string> = {};
  for (const pair of match[2]!.trim().split(';')) {
    if (!pair) continue;
    const at = pair.indexOf('=');
    properties[pair.slice(0, at).trim()] = unescapeVso(pair.slice(at + 1));
  }
  return { command: match[1]!, properties, data: unescapeVso(match[3]!) };
}

export { runAzure, type AzureRunOptions, type ServiceConnection } from './azure-agent.js';
