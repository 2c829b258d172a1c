// The agent's logging-command protocol (`##vso[area.action key=value;]data`), spoken directly.
// azure-pipelines-task-lib does the same, but on import it moves INPUT_*, ENDPOINT_AUTH_* and SECRET_* out of the
// environment, writes a vault key file, and its getters print every value they return in debug, secrets included.

import { EOL } from 'node:os';

const escapeData = (value: string): string => value.replace(/%/g, '%AZP25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (value: string): string => escapeData(value).replace(/]/g, '%5D').replace(/;/g, '%3B');

export function loggingCommand(command: string, properties: Record<string, string | boolean>, data = ''): void {
  const pairs = Object.entries(properties)
    .filter(([, value]) => value !== false)
    .map(([key, value]) => `${key}=${escapeProperty(String(value))};`)
    .join('');
  process.stdout.write(`##vso[${command}${pairs ? ` ${pairs}` : ''}]${escapeData(data)}${EOL}`);
}
