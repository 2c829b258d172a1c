// The step's own knobs: how long it may take and where the token goes for later steps.

import { UserError } from './errors.js';
import type { Inputs } from './inputs.js';

const DEFAULT_TIMEOUT_SECONDS = 60;
/** An hour: far past any useful wait for one token, and well inside what timers hold. */
const MAX_TIMEOUT_SECONDS = 3600;

const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_.]*$/;
/**
 * Variables that change how later steps run rather than hold data: a token there would break every later
 * step, or run code. Compared case-insensitively, as Windows does.
 */
const STEERING_VARIABLES = [
  /^(PATH|PATHEXT|COMSPEC|HOME|TEMP|TMP|TMPDIR|IFS|ENV|BASH_ENV|SHELLOPTS|BASHOPTS|PROMPT_COMMAND|PS4)$/i,
  /^(NODE_OPTIONS|NODE_PATH|NODE_EXTRA_CA_CERTS|PYTHONPATH|PYTHONSTARTUP|PERL5OPT|PERL5LIB|RUBYOPT|JAVA_TOOL_OPTIONS|PSMODULEPATH)$/i,
  /^(LD_|DYLD_)/i,
  /^(HTTPS?_PROXY|NO_PROXY|ALL_PROXY)$/i,
  // Where this project records the step's settings for the `entra-token` command.
  /^ENTRA_TOKEN_/i,
];

export function readTimeout(inputs: Inputs): number {
  const raw = inputs.get('timeoutSeconds');
  if (!raw) return DEFAULT_TIMEOUT_SECONDS * 1000;
  const seconds = Number(raw);
  if (!/^\d+(\.\d+)?$/.test(raw) || !Number.isFinite(seconds) || seconds < 1 || seconds > MAX_TIMEOUT_SECONDS) {
    throw new UserError(
      `Input '${inputs.label('timeoutSeconds')}' is '${raw}'; it must be a number of seconds from 1 to ${MAX_TIMEOUT_SECONDS}, e.g. 60 or 2.5.`,
    );
  }
  // Whole milliseconds: timers and AbortSignal.timeout take integers only.
  return Math.round(seconds * 1000);
}

export function readVariableName(inputs: Inputs, reserved: readonly RegExp[]): string | undefined {
  const value = inputs.get('variableName');
  if (!value) return undefined;
  const label = inputs.label('variableName');
  if (!VARIABLE_NAME.test(value)) {
    throw new UserError(
      `Input '${label}' is '${value}'; a variable name holds letters, digits and '_' (Azure Pipelines also '.'), and does not start with a digit.`,
    );
  }
  if (STEERING_VARIABLES.some((pattern) => pattern.test(value))) {
    throw new UserError(
      `Input '${label}' is '${value}', a variable that changes how later steps run (PATH, NODE_OPTIONS, LD_*, BASH_ENV, proxies and the like, or this step's own ENTRA_TOKEN_*). Use a name of your own, e.g. GRAPH_TOKEN.`,
    );
  }
  if (reserved.some((pattern) => pattern.test(value))) {
    throw new UserError(
      `Input '${label}' is '${value}', a name this host reserves (its own variables, or an output this step sets). Use a name of your own, e.g. GRAPH_TOKEN.`,
    );
  }
  return value;
}
