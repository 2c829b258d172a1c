// Where a step records its non-secret settings for the `entra-token` command in later steps: this project's own
// variable names, never an AZURE_* name that would change how other tools in the job authenticate.

import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Handover } from './host.js';

export const HANDOVER_VARIABLES: Readonly<Record<keyof Handover, string>> = {
  authType: 'ENTRA_TOKEN_AUTH_TYPE',
  tenantId: 'ENTRA_TOKEN_TENANT_ID',
  clientId: 'ENTRA_TOKEN_CLIENT_ID',
  authorityHost: 'ENTRA_TOKEN_AUTHORITY_HOST',
  audience: 'ENTRA_TOKEN_AUDIENCE',
  serviceConnectionId: 'ENTRA_TOKEN_SERVICE_CONNECTION_ID',
};

/** The Node that ran the step: the command's launchers use it, so a runner without `node` on PATH still works. */
const NODE_VARIABLE = 'ENTRA_TOKEN_NODE';

/** Every variable to record, with its value ('' clears one a previous step recorded). */
export function handoverVariables(handover: Handover): [string, string][] {
  const recorded = (Object.keys(HANDOVER_VARIABLES) as (keyof Handover)[]).map((key): [string, string] => [
    HANDOVER_VARIABLES[key],
    handover[key] ?? '',
  ]);
  return [...recorded, [NODE_VARIABLE, process.execPath]];
}

/** The folder of the `entra-token` launchers: `bin/` beside `dist/`, from a bundle at `dist/<name>/index.js`. */
export function launcherFolder(bundleUrl: string): string {
  return join(dirname(fileURLToPath(bundleUrl)), '..', '..', 'bin');
}
