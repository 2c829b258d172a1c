// The runner's workflow-command protocol (stdout commands and the GITHUB_* files), spoken directly.
// @actions/core does the same but imports @actions/http-client, and with it all of undici 6, for getIDToken,
// which this action does not call: its OIDC request goes through the core's proxy-aware transport instead.

import { randomUUID } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import { EOL } from 'node:os';

/** Data escaping of `::command::data` lines, as the runner reverses it. */
const escapeData = (value: string): string => value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');

export function issueCommand(command: 'add-mask' | 'debug' | 'warning' | 'error', data: string): void {
  process.stdout.write(`::${command}::${escapeData(data)}${EOL}`);
}

/** Appends `name<<delimiter` / value / delimiter to one of the runner's files (GITHUB_OUTPUT, GITHUB_ENV). */
export function appendToFile(
  env: NodeJS.ProcessEnv,
  variable: 'GITHUB_OUTPUT' | 'GITHUB_ENV',
  name: string,
  value: string,
): void {
  const file = env[variable];
  if (!file) throw new Error(`${variable} is not set: this step runs only on a GitHub Actions runner.`);
  // A fresh random delimiter per entry: no value can end its own entry early.
  const delimiter = `ghadelimiter_${randomUUID()}`;
  appendFileSync(file, `${name}<<${delimiter}${EOL}${value}${EOL}${delimiter}${EOL}`, 'utf8');
}
