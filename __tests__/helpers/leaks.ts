// The leak check: a secret may appear in output only inside the host's own mask registration or a
// secret-variable command, and only after its mask; never in any file the step leaves but the host's
// output channels.

import { parseVso, type Run } from './hosts.js';

const PEM_BOUNDARY = /^-----(BEGIN|END) [A-Z0-9 ]+-----$/;

/** A secret and, for multi-line ones (PEM keys), each line long enough to identify it. */
function pieces(secret: string): string[] {
  const lines = secret
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length >= 16 && !PEM_BOUNDARY.test(line));
  return [secret.trim(), ...lines];
}

const unescapeGitHub = (value: string): string =>
  value.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');

function maskRegistration(line: string): string | undefined {
  if (line.startsWith('::add-mask::')) return unescapeGitHub(line.slice('::add-mask::'.length));
  const command = parseVso(line);
  return command?.command === 'task.setsecret' ? command.data : undefined;
}

export interface LeakOptions {
  /** Files that are the host's own output channels (GITHUB_OUTPUT, GITHUB_ENV). */
  readonly channelFiles?: readonly string[];
}

export function findLeaks(run: Run, secrets: readonly string[], options: LeakOptions = {}): string[] {
  const leaks: string[] = [];
  const masked = new Set<string>();
  const all = secrets.filter((secret) => secret.trim().length >= 8).flatMap(pieces);
  const isMasked = (piece: string): boolean => [...masked].some((mask) => mask.includes(piece));
  // What the host masked before the step ran is replaced in its log whatever prints it (task-lib's debug lines).
  const hostMasked = (run.hostMasked ?? []).filter((value) => value.trim().length >= 8);
  const isHostMasked = (piece: string): boolean => hostMasked.some((mask) => mask.includes(piece));

  run.lines.forEach((line, index) => {
    const mask = maskRegistration(line);
    if (mask !== undefined) {
      masked.add(mask);
      return;
    }
    const command = parseVso(line);
    const secretVariable = command?.command === 'task.setvariable' && command.properties.issecret === 'true';
    for (const piece of all) {
      if (!line.includes(piece)) continue;
      if (isHostMasked(piece)) continue;
      if (secretVariable && isMasked(piece)) continue;
      leaks.push(
        `stdout line ${index + 1}${secretVariable ? ' (secret variable before its mask)' : ''}: ${line.slice(0, 120)}`,
      );
    }
  });
  for (const piece of all) {
    if (run.stderr.includes(piece)) leaks.push(`stderr holds a secret: ${run.stderr.slice(0, 120)}`);
    for (const [file, text] of Object.entries(run.files)) {
      if (options.channelFiles?.some((channel) => file.endsWith(channel))) continue;
      if (text.includes(piece)) leaks.push(`file ${file} holds a secret`);
    }
  }
  return [...new Set(leaks)];
}

/** Whether `value` was registered as a mask before the first line that carries it anywhere else. */
export function maskedBeforeUse(run: Run, value: string): boolean {
  if (run.hostMasked?.includes(value)) return true;
  for (const line of run.lines) {
    if (maskRegistration(line) === value) return true;
    if (line.includes(value)) return false;
  }
  return false;
}
