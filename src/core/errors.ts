// Errors the user can act on. Each carries a message that says what to fix; none carries a secret.

import { decodeJwtPayload } from './jwt.js';

/** A mistake in the step's inputs or environment, found before any request. Shown without a stack. */
export class UserError extends Error {
  override readonly name = 'UserError';
}

/** The credential itself cannot be used: a certificate, key or password that does not open. Found before any request. */
export class CredentialError extends UserError {}

/** Entra ID (or the managed identity endpoint) refused the request: permanent, never retried. */
export class EntraError extends Error {
  override readonly name = 'EntraError';
  constructor(readonly refusal: Refusal) {
    super(formatRefusal(refusal));
  }
}

/** The deadline ran out or every retry failed; says what was tried. */
export class GaveUpError extends Error {
  override readonly name = 'GaveUpError';
}

interface Refusal {
  /** Who refused, e.g. "Entra ID refused the token request". */
  readonly who: string;
  readonly aadsts?: number;
  readonly errorCode: string;
  readonly description: string;
  readonly correlationId?: string;
  readonly hints?: readonly string[];
}

/** One line of advice for the AADSTS codes users meet most. */
const AADSTS_HINTS: Readonly<Record<number, string>> = {
  7000215:
    'The client secret is wrong. Use the secret\'s "Value" (shown once when it was created), not its "Secret ID".',
  7000222: 'The client secret has expired. Create a new one under Certificates & secrets and update the stored secret.',
  700016:
    'No application with this client ID exists in this tenant. Check the client ID and the tenant ID (an app from another tenant needs admin consent here).',
  90002:
    'The tenant was not found. Check the tenant ID, and that the cloud matches the tenant (a US Government or China tenant needs its own cloud).',
  900023: 'The tenant ID is neither a directory GUID nor a verified domain. Check the tenant ID.',
  700027:
    'The certificate is not registered on the app registration. Upload its public part (.cer or .pem) under Certificates & secrets, or check that the right certificate is used.',
  700024:
    'The client assertion is outside its valid time range: check the clock of the machine that runs the step. A federated (OIDC) token lives about ten minutes; the step fetches a new one for every attempt.',
  70011:
    'The scope is not valid for client credentials. Use the resource followed by /.default, e.g. https://graph.microsoft.com/.default.',
  500011:
    'The resource in the scope is not known in this tenant. Check the scope URI (a trailing slash is part of it), and that the API is registered or consented in this tenant.',
  7000112: 'The application is disabled. An administrator must enable it in Entra ID.',
  53003:
    'Conditional Access blocked the sign-in. Ask an administrator to review the policies that apply to this application.',
  50049: 'Entra ID does not know this authority. Check the cloud or authority host.',
};

/** Entra's answers when a federated token does not match any federated credential of the app. */
const FEDERATION_MISMATCH = new Set([70021, 700211, 700212, 700213, 7002138]);

const MANAGED_IDENTITY_HINT =
  'Hint: the VM or scale set must have this identity assigned: a system-assigned one, or the user-assigned one whose client ID you gave. Managed identity works only on Azure machines.';

/** What a rejection says, in the words a user can act on. `presented` is the federated token sent, if any. */
export function serviceError(
  status: number,
  body: Readonly<Record<string, unknown>>,
  source: 'entra' | 'managed-identity',
  presented?: string,
): EntraError {
  // The body is the server's: every field is checked for its type, and only its first line is shown.
  const text = (value: unknown): string | undefined =>
    typeof value === 'string'
      ? value
          .split(/[\r\n\u0085\u2028\u2029]/)[0]!
          .trim()
          .slice(0, 1000)
      : undefined;
  const code = Array.isArray(body.error_codes) ? body.error_codes[0] : undefined;
  const aadsts = typeof code === 'number' && Number.isInteger(code) ? code : undefined;
  const common = {
    aadsts,
    errorCode: text(body.error) ?? `http_${status}`,
    description: text(body.error_description) ?? `HTTP ${status}`,
    correlationId: text(body.correlation_id),
  };
  if (source === 'managed-identity') {
    return new EntraError({
      ...common,
      who: 'The managed identity endpoint (IMDS) refused the token request',
      hints: [MANAGED_IDENTITY_HINT],
    });
  }
  const mismatch = presented !== undefined && aadsts !== undefined && FEDERATION_MISMATCH.has(aadsts);
  return new EntraError({
    ...common,
    who: 'Entra ID refused the token request',
    hints: mismatch ? federationHints(presented) : [],
  });
}

/** What the presented token claimed, beside what a federated credential can match: users lose hours here. */
function federationHints(assertion: string): string[] {
  const claims = decodeJwtPayload(assertion);
  if (!claims) return [];
  const show = (name: string): string => JSON.stringify(claims[name] ?? null);
  return [
    `The presented token claims: iss ${show('iss')}, sub ${show('sub')}, aud ${show('aud')}.`,
    'A federated credential on the app registration must match all three exactly (case-sensitive). Subjects GitHub issues look like:',
    '  repo:OWNER/REPO:ref:refs/heads/BRANCH   repo:OWNER/REPO:environment:NAME',
    '  repo:OWNER/REPO:pull_request            repo:OWNER/REPO:ref:refs/tags/TAG',
    'Azure DevOps subjects look like sc://ORGANIZATION/PROJECT/SERVICE-CONNECTION.',
  ];
}

function formatRefusal(refusal: Refusal): string {
  const lines = [`${refusal.who} (${refusal.errorCode}): ${refusal.description}`];
  const hint =
    refusal.aadsts !== undefined && Object.hasOwn(AADSTS_HINTS, refusal.aadsts)
      ? AADSTS_HINTS[refusal.aadsts]
      : undefined;
  if (hint) lines.push(`Hint: ${hint}`);
  lines.push(...(refusal.hints ?? []));
  if (refusal.correlationId) lines.push(`Correlation ID (for a support request): ${refusal.correlationId}`);
  return lines.join('\n');
}

/** The text to fail the step with. Stacks only for bugs, and only with debug logging on. */
export function describeFailure(error: unknown, debug: boolean): string {
  if (error instanceof UserError || error instanceof EntraError || error instanceof GaveUpError) {
    return error.message;
  }
  if (error instanceof Error) {
    return debug && error.stack ? error.stack : `${error.name}: ${error.message}`;
  }
  return String(error);
}
