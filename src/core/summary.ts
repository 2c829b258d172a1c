// What the token can do, at a glance: its claims (never the token) as a markdown table for the run summary,
// and a warning when it carries no application roles, the usual reason for a later 401/403.

import { decodeJwtPayload } from './acquire.js';

export interface SummaryFacts {
  readonly accessToken: string;
  readonly credentialLabel: string;
  readonly scope: string;
  readonly attempts: number;
  readonly elapsedMs: number;
}

export interface Summary {
  readonly markdown: string;
  readonly warning?: string;
}

const utc = (seconds: unknown): string =>
  typeof seconds === 'number' ? new Date(seconds * 1000).toISOString().replace('.000Z', 'Z') : '(not stated)';

/** Table cells must not break the table or render markup from claim values. */
const cell = (value: unknown): string =>
  value === undefined || value === null ? '(not stated)' : String(value).replace(/[|\\`*_<>[\]]/g, (c) => `\\${c}`);

export function buildSummary(facts: SummaryFacts): Summary {
  const claims = decodeJwtPayload(facts.accessToken);
  const took = `${(facts.elapsedMs / 1000).toFixed(2)} s, ${facts.attempts} attempt${facts.attempts === 1 ? '' : 's'}`;
  const heading = `### Entra ID access token for \`${facts.scope.replace(/`/g, '')}\``;
  if (!claims) {
    return {
      markdown: `${heading}\n\nThe token is not a JWT (this resource issues opaque tokens), so there are no claims to show.\n\nCredential: ${facts.credentialLabel}. Acquired in ${took}.\n`,
    };
  }
  const roles = Array.isArray(claims.roles) ? claims.roles.map(String) : [];
  const app = claims.app_displayname
    ? `${cell(claims.appid)} (${cell(claims.app_displayname)})`
    : cell(claims.appid ?? claims.azp);
  const rows: [string, string][] = [
    ['Audience (`aud`)', cell(claims.aud)],
    ['Tenant (`tid`)', cell(claims.tid)],
    ['Application (`appid`)', app],
    ['Application roles (`roles`)', roles.length ? roles.map(cell).join(', ') : '**none**'],
    ['Credential', cell(facts.credentialLabel)],
    ['Issued (UTC)', utc(claims.iat)],
    ['Expires (UTC)', utc(claims.exp)],
    ['Acquired in', took],
  ];
  const table = ['| Claim | Value |', '| --- | --- |', ...rows.map(([name, value]) => `| ${name} | ${value} |`)].join(
    '\n',
  );
  const warning = roles.length
    ? undefined
    : `The token has no 'roles' claim: the app holds no application permissions on ${String(claims.aud)}, so calls to it will answer 401 or 403. Add an application permission under API permissions and grant admin consent.`;
  return { markdown: `${heading}\n\n${table}\n${warning ? `\n> [!WARNING]\n> ${warning}\n` : ''}`, warning };
}
