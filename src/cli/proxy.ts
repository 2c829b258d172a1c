// The proxy the command's requests go through. Inside Azure Pipelines, the agent's own proxy (what the task used):
// the agent puts Agent.ProxyUrl, Agent.ProxyUsername and Agent.ProxyBypassList in every step's environment as
// AGENT_PROXYURL, AGENT_PROXYUSERNAME and AGENT_PROXYBYPASSLIST (a JSON list of patterns), but Agent.ProxyPassword is
// a secret variable, which reaches a script only when the step maps it (AGENT_PROXYPASSWORD). Elsewhere,
// HTTPS_PROXY / https_proxy and NO_PROXY / no_proxy, read as the GitHub host reads them.

import { UserError } from '../core/errors.js';
import type { ProxyConfiguration } from '../core/host.js';
import { type Environment, read } from './credential-choice.js';

export function commandProxy(
  env: Environment,
  output: { warning(message: string): void },
): ProxyConfiguration | undefined {
  const agentUrl = read(env, 'AGENT_PROXYURL');
  if (agentUrl) {
    const username = read(env, 'AGENT_PROXYUSERNAME');
    const password = env.AGENT_PROXYPASSWORD ?? '';
    if (username && !password) {
      output.warning(
        'AGENT_PROXYUSERNAME is set but AGENT_PROXYPASSWORD is not: Agent.ProxyPassword is a secret variable, which Azure Pipelines ' +
          'passes to a script only when mapped. Add to this step `env: AGENT_PROXYPASSWORD: $(Agent.ProxyPassword)`.',
      );
    }
    return {
      source: 'AGENT_PROXYURL',
      url: agentUrl,
      username: username || undefined,
      password: password || undefined,
      bypass: {
        kind: 'patterns',
        source: 'AGENT_PROXYBYPASSLIST',
        patterns: bypassPatterns(read(env, 'AGENT_PROXYBYPASSLIST')),
      },
    };
  }
  // Our requests are all https: HTTPS_PROXY is the one that applies.
  const source = env.https_proxy ? 'https_proxy' : 'HTTPS_PROXY';
  const url = read(env, source);
  if (!url) return undefined;
  const noProxy = env.no_proxy ? 'no_proxy' : 'NO_PROXY';
  return { source, url, bypass: { kind: 'no-proxy', source: noProxy, value: env[noProxy] ?? '' } };
}

function bypassPatterns(raw: string): string[] {
  if (!raw) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    parsed = undefined;
  }
  if (!Array.isArray(parsed) || !parsed.every((entry) => typeof entry === 'string')) {
    throw new UserError(
      `AGENT_PROXYBYPASSLIST is not a JSON list of patterns, as the agent writes it (e.g. ["\\\\.contoso\\\\.com$"]). Fix the agent's .proxybypass file, or unset it for this step.`,
    );
  }
  return parsed;
}
