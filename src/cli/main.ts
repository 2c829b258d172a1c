// The `entra-token` command: parse, read settings through the core, get the token, then print it, run a command
// with it, or inspect one. One try/catch: every failure is one message on stderr and an exit code.
// Exit codes: 0 token got (run: CMD's own code); 2 usage, i.e. any mistake found before a request is sent
// (flags, inputs, no credential, CMD not found); 1 refused, i.e. any failure once requests have begun (Entra ID,
// the network, the federated token or its file), and inspect's input that is not a JWT.

import { acquireToken } from '../core/acquire.js';
import { CredentialError, describeFailure, UserError } from '../core/errors.js';
import { type Clock, systemClock } from '../core/retry.js';
import { readSettings } from '../core/settings.js';
import { type Invocation, parseInvocation, USAGE, UsageError } from './arguments.js';
import type { Environment } from './credential-choice.js';
import { findCommand } from './find-command.js';
import { printToken } from './get-command.js';
import { HELP } from './help.js';
import { inspectToken, NotAToken } from './inspect-command.js';
import { DEFAULT_TOKEN_VARIABLE, runWithToken } from './run-command.js';
import { createCommandSource } from './settings-source.js';
import { createTerminal, processStreams, type Streams, type Terminal } from './terminal.js';

export const EXIT = { ok: 0, refused: 1, usage: 2 } as const;

export async function run(
  argv: readonly string[] = process.argv.slice(2),
  env: Environment = process.env,
  streams: Streams = processStreams,
  clock: Clock = systemClock,
): Promise<number> {
  const terminal = createTerminal(streams, env);
  const progress = { requested: false };
  try {
    const invocation = parseInvocation(argv);
    if (invocation.command === 'help') {
      terminal.print(HELP);
      return EXIT.ok;
    }
    if (invocation.command === 'inspect') {
      await inspectToken(streams.stdin, terminal);
      return EXIT.ok;
    }
    return await withToken(invocation, env, streams, terminal, clock, progress);
  } catch (error) {
    terminal.error(describeFailure(error, terminal.isDebug));
    if (error instanceof UsageError) terminal.note(USAGE);
    return exitCode(error, progress.requested);
  }
}

async function withToken(
  invocation: Extract<Invocation, { command: 'get' | 'run' }>,
  env: Environment,
  streams: Streams,
  terminal: Terminal,
  clock: Clock,
  progress: { requested: boolean },
): Promise<number> {
  // A mistyped CMD is the cheapest mistake to report: before the credential is even looked for.
  const command = invocation.command === 'run' ? findCommand(invocation.argv[0], env) : undefined;
  const source = createCommandSource(invocation.flags, env, terminal);
  const settings = await readSettings(source);
  progress.requested = true;
  const token = await acquireToken(settings, { log: terminal, mask: (secret) => terminal.setSecret(secret), clock });
  // Masked before it is written anywhere: the host reads the mask line on stderr before the token reaches stdout.
  terminal.setSecret(token.accessToken);
  terminal.debug(
    `Got a token for ${settings.scope} with the ${settings.credentialLabel} (${source.choice.label}); valid until ${token.expiresOn.toISOString()}; ${token.attempts} attempt(s), ${token.requests} request(s).`,
  );
  if (invocation.command === 'get') {
    printToken(terminal, token, settings.scope, invocation.output);
    return EXIT.ok;
  }
  const variable = settings.variableName ?? DEFAULT_TOKEN_VARIABLE;
  return runWithToken(command!, invocation.argv.slice(1), variable, token.accessToken, env, streams);
}

function exitCode(error: unknown, requested: boolean): number {
  if (error instanceof UsageError) return EXIT.usage;
  if (error instanceof NotAToken || error instanceof CredentialError || requested) return EXIT.refused;
  return error instanceof UserError ? EXIT.usage : EXIT.refused;
}
