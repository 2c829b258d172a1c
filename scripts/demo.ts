// `npm run demo`: starts the local Entra ID emulator, runs the GitHub Action and the Azure Pipelines task
// bundles as their hosts would, and prints what each pipeline log shows (masked) and what the next step gets.

import { DEMO, startDemoEmulator } from '../emulator/demo-tenant.js';
import { ADO_SYSTEM_TOKEN } from '../emulator/server.js';
import { join } from 'node:path';
import { parseVso, ROOT, runAzure, runGitHub, spawnNode, type Run } from '../__tests__/helpers/hosts.js';

const { tenantId: TENANT, clientId: APP, clientSecret: SECRET, serviceConnectionId: CONNECTION } = DEMO;

const bold = (text: string): string => (process.stdout.isTTY ? `\x1b[1m${text}\x1b[0m` : text);
const dim = (text: string): string => (process.stdout.isTTY ? `\x1b[2m${text}\x1b[0m` : text);
const rule = (title: string): void =>
  console.log(`\n${bold(`━━ ${title} ${'━'.repeat(Math.max(0, 72 - title.length))}`)}`);
const preview = (token: string | undefined): string =>
  token ? `${token.slice(0, 12)}… (${token.length} characters, masked in logs)` : '(none)';

/** What a host's log viewer shows: masks applied, debug and command lines hidden. */
function showLog(run: Run): void {
  const masks: string[] = [];
  const shown: string[] = [];
  for (const line of run.lines) {
    const vso = parseVso(line);
    if (line.startsWith('::add-mask::')) masks.push(line.slice('::add-mask::'.length));
    else if (vso?.command === 'task.setsecret') masks.push(vso.data);
    else if (vso?.command === 'task.issue') shown.push(`##[${vso.properties.type}]${vso.data}`);
    else if (vso?.command === 'task.complete' && vso.properties.result === 'Failed') shown.push(`##[error]${vso.data}`);
    else if (line.startsWith('::warning::')) shown.push(`Warning: ${line.slice('::warning::'.length)}`);
    else if (line.startsWith('::error::')) shown.push(`Error: ${line.slice('::error::'.length).replace(/%0A/g, '\n')}`);
    else if (!vso && !line.startsWith('::')) shown.push(line);
  }
  const longestFirst = masks.filter(Boolean).sort((a, b) => b.length - a.length);
  for (const line of shown) {
    const masked = longestFirst.reduce((text, mask) => text.split(mask).join('***'), line);
    console.log(`  │ ${masked.replace(/\n/g, '\n  │ ')}`);
  }
}

const emulator = await startDemoEmulator();

try {
  console.log(
    bold('entra-token demo') + dim(`  (a local Entra ID emulator at ${emulator.url}; nothing leaves this machine)`),
  );

  rule('GitHub Actions: client secret');
  console.log(
    dim(
      '  - uses: entra-token@v1\n    id: graph\n    with: { tenant-id: …, client-id: …, client-secret: ${{ secrets.AZURE_CLIENT_SECRET }}, export-variable: GRAPH_TOKEN }',
    ),
  );
  const github = await runGitHub(
    {
      'tenant-id': TENANT,
      'client-id': APP,
      'client-secret': SECRET,
      'export-variable': 'GRAPH_TOKEN',
      'authority-host': emulator.url,
    },
    { caFile: emulator.caFile },
  );
  console.log('  Step log, as the runner shows it:');
  showLog(github);
  console.log('  The next step receives:');
  console.log(`    steps.graph.outputs.access-token = ${preview(github.outputs['access-token'])}`);
  console.log(`    steps.graph.outputs.expires-on   = ${github.outputs['expires-on']}`);
  console.log(`    env.GRAPH_TOKEN                  = ${preview(github.exported.GRAPH_TOKEN)}`);
  console.log('  Job summary:');
  console.log(github.summary.replace(/^/gm, '    '));

  rule('Azure Pipelines: service connection with workload identity federation');
  console.log(
    dim(
      '  - task: EntraToken@1\n    name: graph\n    inputs: { azureSubscription: prod-graph, scope: https://graph.microsoft.com/.default }',
    ),
  );
  const azure = await runAzure(
    { authenticationMethod: 'serviceConnection', azureSubscription: CONNECTION },
    {
      caFile: emulator.caFile,
      endpoints: [
        {
          id: CONNECTION,
          scheme: 'WorkloadIdentityFederation',
          parameters: { serviceprincipalid: APP, tenantid: TENANT },
          data: { environment: 'AzureCloud', activeDirectoryAuthority: `${emulator.url}/` },
        },
      ],
      variables: { 'System.OidcRequestUri': emulator.adoOidcRequestUri },
      systemAccessToken: ADO_SYSTEM_TOKEN,
    },
  );
  console.log('  Task log, as the agent shows it:');
  showLog(azure);
  console.log('  Later steps receive:');
  console.log(
    `    $(ACCESS_TOKEN)       = ${preview(azure.variables.ACCESS_TOKEN?.value)} [secret: map it in env: to use it in a script]`,
  );
  console.log(`    $(graph.accessToken)  = ${preview(azure.variables.accessToken?.value)} [secret output]`);
  console.log(`    $(graph.expiresOn)    = ${azure.variables.expiresOn?.value}`);
  console.log('  Summary attached to the run (Extensions tab):');
  console.log(azure.summary.replace(/^/gm, '    '));

  rule('Azure Pipelines: a later step of the same job gets a fresh token for another resource');
  console.log(
    dim(
      '  - bash: TOKEN=$(entra-token --scope https://management.azure.com/.default)\n    env: { SYSTEM_ACCESSTOKEN: $(System.AccessToken) }',
    ),
  );
  // Only what the agent gives a later step: the variables the task recorded, the OIDC request URI, the mapped token.
  const recorded = Object.entries(azure.variables).filter(([name]) => name.startsWith('ENTRA_TOKEN_'));
  const later = await spawnNode(
    join(ROOT, 'dist', 'cli', 'index.js'),
    {
      PATH: process.env.PATH ?? '',
      NODE_EXTRA_CA_CERTS: emulator.caFile,
      TF_BUILD: 'True',
      SYSTEM_OIDCREQUESTURI: emulator.adoOidcRequestUri,
      SYSTEM_ACCESSTOKEN: ADO_SYSTEM_TOKEN,
      ...Object.fromEntries(
        recorded.map(([name, variable]) => [name.replace(/\./g, '_').toUpperCase(), variable.value]),
      ),
      ENTRA_TOKEN_NODE: '',
    },
    ROOT,
    ['--scope', 'https://management.azure.com/.default'],
  );
  console.log(
    `  Recorded by the task: ${recorded.map(([name, { value }]) => `${name}=${value}`).join(' ') || '(nothing)'}`,
  );
  const audience = later.code === 0 ? (await emulator.verify(later.stdout.trim())).aud : '(none)';
  console.log(
    `  entra-token exit code ${later.code}; $TOKEN = ${preview(later.stdout.trim())}, for ${String(audience)}`,
  );
  console.log(
    `  stderr: ${later.stderr.trim().startsWith('##vso[task.setsecret]') ? 'the mask command, before the token' : later.stderr.trim()}`,
  );

  rule('GitHub Actions: a wrong secret, and what the log says to fix');
  const failed = await runGitHub(
    {
      'tenant-id': TENANT,
      'client-id': APP,
      'client-secret': 'b1f2c3d4-secret-id-not-value',
      'authority-host': emulator.url,
    },
    { caFile: emulator.caFile },
  );
  showLog(failed);
  console.log(`  Exit code ${failed.code}; no token output was set.`);

  rule('What the emulator saw');
  for (const request of emulator.requests) {
    console.log(
      `  ${request.method.padEnd(4)} ${request.path}  → ${request.status} ${request.credential ? `(${request.credential})` : ''}`,
    );
  }
} finally {
  await emulator.close();
}
