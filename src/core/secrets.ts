// Masking helpers. Hosts mask their logs line by line, so a multi-line secret (a PEM key) registered whole would
// never match a log line: it is registered one line at a time.

import type { Host } from './host.js';

/** PEM armour lines are public knowledge; masking them only garbles logs. */
const PEM_BOUNDARY = /^-----(BEGIN|END) [A-Z0-9 ]+-----$/;
/** Shorter lines of a multi-line secret (PEM headers such as `Proc-Type: 4,ENCRYPTED`) identify nothing. */
const MIN_MASKED_LINE = 8;

export function registerSecret(host: Pick<Host, 'setSecret'>, value: string): void {
  const lines = value
    .trim()
    .split(/\r?\n/)
    .map((line) => line.trim());
  if (lines.length === 1) {
    if (lines[0]) host.setSecret(lines[0]);
    return;
  }
  for (const line of lines) {
    if (line.length >= MIN_MASKED_LINE && !PEM_BOUNDARY.test(line)) host.setSecret(line);
  }
}
