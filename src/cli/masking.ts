// How the command registers a secret with the CI host's log masking: a command line on stderr, which the runner
// or agent reads (stdout is usually captured by `$(…)`, where the host would never see it). Outside a job, nothing.

import { secretLines } from '../core/log-safety.js';
import type { Environment } from './credential-choice.js';

export type MaskingHost = 'github' | 'azure-pipelines' | 'none';

export function maskingHost(env: Environment): MaskingHost {
  if (env.GITHUB_ACTIONS === 'true') return 'github';
  if (env.TF_BUILD?.toLowerCase() === 'true') return 'azure-pipelines';
  return 'none';
}

/** The lines that register `value` with the host's masking, each without its newline. */
export function maskLines(host: MaskingHost, value: string): string[] {
  if (!value.trim()) return [];
  if (host === 'github') {
    // The runner's escaping for command data, as @actions/core writes it.
    return [`::add-mask::${value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')}`];
  }
  if (host === 'azure-pipelines') {
    // The agent masks line by line, so a multi-line value (a PEM key) is registered one line at a time.
    return secretLines(value).map(
      (line) => `##vso[task.setsecret]${line.replace(/%/g, '%AZP25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')}`,
    );
  }
  return [];
}
