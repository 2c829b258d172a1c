// What the token can do, at a glance: its claims (never the token or its signature), and a warning when it carries
// no application roles, the usual reason for a later 401/403. As a markdown table for the run summary, and as
// plain lines for `entra-token inspect`.

import { decodeJwtPayload } from './jwt.js';

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

export interface TokenView {
  /** Undefined when the token is not a JWT (some resources issue opaque tokens). */
  readonly rows?: readonly (readonly [string, string])[];
  readonly warning?: string;
}

/** Seconds since the epoch as UTC; anything a Date cannot hold is shown as what it is, not thrown on. */
const utc = (seconds: unknown): string => {
  if (typeof seconds !== 'number' || !Number.isFinite(seconds))
    return seconds === undefined ? '(not stated)' : String(seconds);
  const date = new Date(seconds * 1000);
  return Number.isNaN(date.getTime()) ? String(seconds) : date.toISOString().replace('.000Z', 'Z');
};

const text = (value: unknown): string =>
  value === undefined || value === null ? '(not stated)' : typeof value === 'string' ? value : JSON.stringify(value);

/** The claims users check when a call is refused, as label and value. */
export function viewToken(accessToken: string): TokenView {
  const claims = decodeJwtPayload(accessToken);
  if (!claims) return {};
  const roles = Array.isArray(claims.roles) ? claims.roles.map(text) : [];
  const app = claims.app_displayname
    ? `${text(claims.appid)} (${text(claims.app_displayname)})`
    : text(claims.appid ?? claims.azp);
  const rows: [string, string][] = [
    ['Audience (aud)', text(claims.aud)],
    ['Tenant (tid)', text(claims.tid)],
    ['Application (appid)', app],
    ['Application roles (roles)', roles.length ? roles.join(', ') : 'none'],
    ['Issued (UTC)', utc(claims.iat)],
    ['Expires (UTC)', utc(claims.exp)],
  ];
  const warning = roles.length
    ? undefined
    : `The token has no 'roles' claim: the app holds no application permissions on ${text(claims.aud)}, so calls to it will answer 401 or 403. Add an application permission under API permissions and grant admin consent.`;
  return { rows, warning };
}

/** A value inside a markdown table cell: no line breaks, no cell separators, no markup or HTML. */
const cell = (value: string): string =>
  value
    .replace(/[\r\n]+/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[|\\`*_[\]]/g, (c) => `\\${c}`);

export function buildSummary(facts: SummaryFacts): Summary {
  const view = viewToken(facts.accessToken);
  const took = `${(facts.elapsedMs / 1000).toFixed(2)} s, ${facts.attempts} attempt${facts.attempts === 1 ? '' : 's'}`;
  const heading = `### Entra ID access token for \`${facts.scope.replace(/`/g, '')}\``;
  if (!view.rows) {
    return {
      markdown: `${heading}\n\nThe token is not a JWT (this resource issues opaque tokens), so there are no claims to show.\n\nCredential: ${cell(facts.credentialLabel)}. Acquired in ${took}.\n`,
    };
  }
  const rows = [...view.rows, ['Credential', facts.credentialLabel], ['Acquired in', took]] as const;
  // Claim names in code style; an empty roles claim in bold, as it is the usual cause of a 401.
  const label = (name: string): string => name.replace(/\(([a-z]+)\)/, '(`$1`)');
  const value = (name: string, text: string): string =>
    name.startsWith('Application roles') && text === 'none' ? '**none**' : cell(text);
  const table = [
    '| Claim | Value |',
    '| --- | --- |',
    ...rows.map(([name, text]) => `| ${label(name)} | ${value(name, text)} |`),
  ];
  const warning = view.warning ? `\n> [!WARNING]\n> ${cell(view.warning)}\n` : '';
  return { markdown: `${heading}\n\n${table.join('\n')}\n${warning}`, warning: view.warning };
}
