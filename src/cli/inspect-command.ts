// `entra-token inspect`: the claims of a token read on stdin, never the token or its signature. The claims are
// the issuer's text, so they are printed with host command markers neutralised.

import { UserError } from '../core/errors.js';
import { neutraliseCommands } from '../core/log-safety.js';
import { viewToken } from '../core/summary.js';
import type { Streams, Terminal } from './terminal.js';

/** An Entra access token is a few KB; a header may carry a bigger one, never 64 KiB. */
const MAX_INSPECT_BYTES = 64 * 1024;

/** Input that is not a token to show; exit 1, as the contract has it for inspect. */
export class NotAToken extends UserError {}

export async function inspectToken(stdin: Streams['stdin'], terminal: Terminal): Promise<void> {
  if (stdin.isTTY) terminal.info('Paste the token, then press Enter and Ctrl-D (Ctrl-Z and Enter on Windows).');
  const token = (await readBounded(stdin))
    .trim()
    .replace(/^Bearer\s+/i, '')
    .trim();
  if (!token) throw new NotAToken('No token on stdin. Pipe one in, e.g. entra-token | entra-token inspect.');
  const view = viewToken(token);
  if (!view.rows) {
    throw new NotAToken(
      'The input is not a JWT (three base64url parts with a JSON payload), so it has no claims to show. Some resources issue opaque tokens.',
    );
  }
  const width = Math.max(...view.rows.map(([label]) => label.length));
  terminal.print(
    neutraliseCommands(view.rows.map(([label, value]) => `${`${label}:`.padEnd(width + 2)}${value}`).join('\n')) + '\n',
  );
  if (view.warning) terminal.warning(view.warning);
}

async function readBounded(stdin: Streams['stdin']): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stdin) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    size += bytes.length;
    if (size > MAX_INSPECT_BYTES) {
      throw new NotAToken(
        `stdin holds more than ${MAX_INSPECT_BYTES / 1024} KiB; a token is a few KB. Pipe the token alone.`,
      );
    }
    chunks.push(bytes);
  }
  return Buffer.concat(chunks).toString('utf8');
}
