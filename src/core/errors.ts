// Errors the user can act on. Each carries a message that says what to fix; none carries a secret.

/** A mistake in the step's inputs or environment, found before any request. Shown without a stack. */
export class UserError extends Error {
  override readonly name = 'UserError';
}

/** Entra ID (or the managed identity endpoint) refused the request: permanent, never retried. */
export class EntraError extends Error {
  override readonly name = 'EntraError';
  constructor(
    readonly refusal: {
      /** Who refused, e.g. "Entra ID refused the token request". */
      readonly who: string;
      readonly aadsts?: number;
      readonly errorCode: string;
      readonly description: string;
      readonly correlationId?: string;
      readonly hints?: readonly string[];
    },
  ) {
    super(formatRefusal(refusal));
  }
}

/** The deadline ran out or every retry failed; says what was tried. */
export class GaveUpError extends Error {
  override readonly name = 'GaveUpError';
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
  700024: 'The client assertion is outside its valid time range. Check the clock of the machine that runs the step.',
  70011:
    'The scope is not valid for client credentials. Use the resource followed by /.default, e.g. https://graph.microsoft.com/.default.',
  500011:
    'The resource in the scope is not known in this tenant. Check the scope URI, and that the API is registered or consented in this tenant.',
  7000112: 'The application is disabled. An administrator must enable it in Entra ID.',
  53003:
    'Conditional Access blocked the sign-in. Ask an administrator to review the policies that apply to this application.',
  50049: 'Entra ID does not know this authority. Check the cloud or authority host.',
};

export function hintFor(aadsts: number | undefined): string | undefined {
  return aadsts === undefined ? undefined : AADSTS_HINTS[aadsts];
}

function formatRefusal(refusal: EntraError['refusal']): string {
  const lines = [`${refusal.who} (${refusal.errorCode}): ${refusal.description}`];
  const hint = hintFor(refusal.aadsts);
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
