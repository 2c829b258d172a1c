// `entra-token run -- CMD [ARGS...]`: CMD runs with the token in its environment, through @actions/exec (which
// handles Windows .cmd/.bat files and argument quoting). `silent` stops exec echoing `[command]CMD ARGS` on stdout
// and writing CMD's stderr to our stdout; listeners pass CMD's output through on the stream it used. CMD's stdin
// is empty: exec cannot hand it ours. The token never reaches an argument, so nothing exec logs can hold it.

import * as exec from '@actions/exec';
import type { Environment } from './credential-choice.js';
import type { Streams } from './terminal.js';

export const DEFAULT_TOKEN_VARIABLE = 'ACCESS_TOKEN';

/** CMD's exit code; a CMD ended by a signal has none, and counts as a failure. */
export async function runWithToken(
  path: string,
  args: readonly string[],
  variable: string,
  token: string,
  env: Environment,
  streams: Pick<Streams, 'stdout' | 'stderr'>,
): Promise<number> {
  const childEnv: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) if (value !== undefined) childEnv[name] = value;
  childEnv[variable] = token;
  const code: number | null = await exec.exec(quoteCommandLine(path), [...args], {
    env: childEnv,
    ignoreReturnCode: true,
    silent: true,
    input: Buffer.alloc(0),
    listeners: {
      stdout: (data) => void streams.stdout.write(data),
      stderr: (data) => void streams.stderr.write(data),
    },
  });
  return typeof code === 'number' ? code : 1;
}

/**
 * exec parses its first argument as a command line: quoted, so a path with spaces stays one word. Inside quotes its
 * parser keeps backslashes as they are and reads only `\"` as an escape.
 */
const quoteCommandLine = (path: string): string => `"${path.replace(/"/g, '\\"')}"`;
