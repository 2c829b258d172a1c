// The command line, parsed strictly: a subcommand, its flags, and for `run` the command after `--`.
// Every mistake is a UsageError (exit 2) that names the flag as typed and what it takes.

import { parseArgs } from 'node:util';
import { UserError } from '../core/errors.js';

/** A mistake on the command line itself; `main` prints it with the usage line and exits 2. */
export class UsageError extends UserError {}

export const USAGE =
  'Usage: entra-token [get] [--scope S] [--output token|json] [flags] | entra-token run [flags] -- CMD [ARGS...] | entra-token inspect | entra-token --help';

const OPTIONS = {
  'tenant-id': { type: 'string' },
  'client-id': { type: 'string' },
  'auth-type': { type: 'string' },
  scope: { type: 'string' },
  cloud: { type: 'string' },
  'authority-host': { type: 'string' },
  audience: { type: 'string' },
  certificate: { type: 'string' },
  'private-key': { type: 'string' },
  'send-certificate-chain': { type: 'boolean' },
  'timeout-seconds': { type: 'string' },
  output: { type: 'string' },
  env: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Every flag the command takes, as typed without its `--`. */
export const FLAG_NAMES = Object.keys(OPTIONS) as readonly (keyof typeof OPTIONS)[];

export type FlagName = Exclude<keyof typeof OPTIONS, 'help' | 'send-certificate-chain'>;
/** String flags as given; `send-certificate-chain` is a switch. */
export type Flags = Readonly<Partial<Record<FlagName, string>>> & { readonly 'send-certificate-chain'?: boolean };

export type Invocation =
  | { readonly command: 'help' }
  | { readonly command: 'get'; readonly flags: Flags; readonly output: 'token' | 'json' }
  | { readonly command: 'run'; readonly flags: Flags; readonly argv: readonly [string, ...string[]] }
  | { readonly command: 'inspect' };

const SUBCOMMANDS = ['get', 'run', 'inspect'] as const;
/** Secrets people try as flags; each has its environment variable instead (a flag shows in `ps` and shell history). */
const SECRET_FLAGS: Readonly<Record<string, string>> = {
  '--client-secret': 'AZURE_CLIENT_SECRET',
  '--certificate-password': 'AZURE_CLIENT_CERTIFICATE_PASSWORD',
};

export function parseInvocation(argv: readonly string[]): Invocation {
  // `run` takes everything after the first `--` as the command, untouched; nothing else takes a `--`.
  const split = argv.indexOf('--');
  const head = split < 0 ? [...argv] : argv.slice(0, split);
  const tail = split < 0 ? [] : argv.slice(split + 1);
  const { values, positionals } = parse(head);
  if (values.help) return { command: 'help' };
  const word = positionals[0] ?? 'get';
  const command = SUBCOMMANDS.find((name) => name === word);
  if (!command) {
    throw new UsageError(`Unknown command ${quoteWord(word)}; the commands are 'get', 'run', 'inspect'.`);
  }
  if (command === 'run' && (split < 0 || tail.length === 0)) {
    throw new UsageError(`'run' needs the command after '--': entra-token run [flags] -- CMD [ARGS...].`);
  }
  if (positionals.length > 1) throw new UsageError(`Unexpected argument ${quoteWord(positionals[1]!)}.`);
  const flags: Flags = values;
  if (command === 'inspect') {
    const given = Object.keys(values);
    if (given.length > 0 || split >= 0) throw new UsageError(`'inspect' takes no flags; it reads the token on stdin.`);
    return { command };
  }
  if (command === 'run') {
    if (values.output !== undefined) throw new UsageError(`'--output' is for 'get'; 'run' never prints the token.`);
    return { command, flags, argv: tail as [string, ...string[]] };
  }
  if (split >= 0) throw new UsageError(`'--' is for 'run': entra-token run [flags] -- CMD [ARGS...].`);
  if (values.env !== undefined) throw new UsageError(`'--env' is for 'run': entra-token run --env NAME -- CMD.`);
  const output = values.output ?? 'token';
  if (output !== 'token' && output !== 'json') {
    throw new UsageError(`'--output' is '${output}'; allowed values are 'token' and 'json'.`);
  }
  return { command, flags, output };
}

function parse(args: string[]) {
  try {
    return parseArgs({ args, options: OPTIONS, strict: true, allowPositionals: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    if (!code.startsWith('ERR_PARSE_ARGS_')) throw error;
    // Node's first line names the flag as typed; the rest explains `--` and dashes, which the usage line covers.
    const message = (error as Error).message.split(/\r?\n/)[0]!.replace(/\. To specify .*$/, '');
    const flag = /'(--?[\w-]+)/.exec(message)?.[1] ?? '';
    const secretHint = SECRET_FLAGS[flag]
      ? ` No secret is ever a flag (it would show in process lists and shell history): set ${SECRET_FLAGS[flag]} instead.`
      : '';
    throw new UsageError(`${message.replace(/\.$/, '')}.${secretHint}`);
  }
}

/** A stray argument is echoed only when it looks like a word: it might be a secret typed in the wrong place. */
const quoteWord = (value: string): string => (/^[A-Za-z][\w-]{0,30}$/.test(value) ? `'${value}'` : '(not shown)');
