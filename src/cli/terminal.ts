// The command's three streams, injectable for tests. stdout carries only what the command is for (the token,
// JSON, claims, or CMD's own output); everything else goes to stderr with host command markers neutralised.

import type { Logger } from '../core/host.js';
import { neutraliseCommands } from '../core/log-safety.js';
import type { Environment } from './credential-choice.js';
import { maskingHost, maskLines } from './masking.js';

export interface Streams {
  readonly stdin: AsyncIterable<Buffer | string> & { readonly isTTY?: boolean };
  readonly stdout: { write(chunk: string | Uint8Array): unknown };
  readonly stderr: { write(chunk: string | Uint8Array): unknown };
}

export const processStreams: Streams = { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr };

export interface Terminal extends Logger {
  /** RUNNER_DEBUG=1 or SYSTEM_DEBUG=true: debug lines, and stack traces for bugs. */
  readonly isDebug: boolean;
  setSecret(value: string): void;
  error(message: string): void;
  /** A line on stderr as it is: the usage line. */
  note(text: string): void;
  /** Writes data, never a message, to stdout. */
  print(text: string): void;
}

export function createTerminal(streams: Streams, env: Environment): Terminal {
  const host = maskingHost(env);
  const debug = env.RUNNER_DEBUG === '1' || env.SYSTEM_DEBUG?.toLowerCase() === 'true';
  const say = (prefix: string, message: string): void => {
    streams.stderr.write(`${neutraliseCommands(`${prefix}${message}`)}\n`);
  };
  // The same value is registered once: the core masks each secret as it reads it, and some twice.
  const masked = new Set<string>();
  return {
    isDebug: debug,
    setSecret(value) {
      if (masked.has(value)) return;
      masked.add(value);
      for (const line of maskLines(host, value)) streams.stderr.write(`${line}\n`);
    },
    debug: (message) => (debug ? say('entra-token: debug: ', message) : undefined),
    info: (message) => say('entra-token: ', message),
    warning: (message) => say('entra-token: warning: ', message),
    error: (message) => say('entra-token: ', message),
    note: (text) => say('', text),
    print: (text) => void streams.stdout.write(text),
  };
}
