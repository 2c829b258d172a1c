// Runs the built `entra-token` bundle as a user's shell would: its own process, an environment of our choosing,
// stdin, and stdout and stderr kept apart (or, to see their order, one file for both).

import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GITHUB_REQUEST_TOKEN } from '../../emulator/server.js';
import { NODE, ROOT } from '../helpers/hosts.js';
import type { World } from '../helpers/world.js';

export const CLI_BUNDLE = join(ROOT, 'dist', 'cli', 'index.js');

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** `node dist/cli/index.js ARGS` with exactly `env` (PATH kept, so `run` finds its command). */
export function runCli(args: readonly string[], env: Record<string, string>, stdin = ''): Promise<CliRun> {
  return spawnCollecting(NODE, [CLI_BUNDLE, ...args], { PATH: process.env.PATH ?? '', ...env }, stdin);
}

export function spawnCollecting(
  file: string,
  args: readonly string[],
  env: Record<string, string>,
  stdin = '',
): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

/** stdout and stderr into one file, so the order of what the command wrote shows. */
export async function runCliInterleaved(args: readonly string[], env: Record<string, string>): Promise<string[]> {
  const folder = mkdtempSync(join(tmpdir(), 'entra-token-cli-out-'));
  const file = join(folder, 'output');
  const fd = openSync(file, 'w');
  try {
    await new Promise<void>((resolve, reject) => {
      const child = spawn(NODE, [CLI_BUNDLE, ...args], {
        env: { PATH: process.env.PATH ?? '', ...env },
        stdio: ['ignore', fd, fd],
      });
      child.on('error', reject);
      child.on('close', () => resolve());
    });
    return readFileSync(file, 'utf8').split('\n').filter(Boolean);
  } finally {
    closeSync(fd);
    rmSync(folder, { recursive: true, force: true });
  }
}

/** stderr without the host's own mask registrations: what must never hold a token or a secret. */
export const withoutMaskLines = (stderr: string): string =>
  stderr
    .split('\n')
    .filter((line) => !line.startsWith('::add-mask::') && !line.startsWith('##vso[task.setsecret]'))
    .join('\n');

/** An OIDC token from the emulated GitHub, as a job would fetch it: for AZURE_FEDERATED_TOKEN_FILE. */
export function githubOidcToken(world: World, audience = 'api://AzureADTokenExchange'): Promise<string> {
  const url = new URL(`${world.emulator.githubIssuer}/token`);
  url.searchParams.set('audience', audience);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { headers: { Authorization: `Bearer ${GITHUB_REQUEST_TOKEN}` }, ca: readFileSync(world.emulator.caFile) },
      (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => resolve((JSON.parse(body) as { value: string }).value));
      },
    );
    req.on('error', reject);
    req.end();
  });
}
