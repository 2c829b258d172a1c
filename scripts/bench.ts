// `npm run bench`: what a token step costs, timed as whole processes against the local Entra ID emulator.
// The contestants run interleaved, round after round (the order rotates, so none always goes first on a warm or
// a cold machine): the GitHub bundle as the runner starts it (with a secret, and with a certificate), the Azure
// bundle as the agent starts it, the `entra-token` command as a later step runs it, @azure/identity's
// ClientSecretCredential (what users write by hand) and the floor, a bare `node` process with one fetch POST.
// Prints medians, requests per token and the ratios; `-- --readme` also writes them to README.md.
// Options: `-- --rounds N` (default 15, after 2 warm-up rounds). ENTRA_TOKEN_TEST_NODE=/path/to/node runs the
// contestants on another Node; the README keeps one table per Node major version.

import { execFileSync } from 'node:child_process';
import { readdirSync, statSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { DEMO, startDemoEmulator } from '../emulator/demo-tenant.js';
import { makeClientCertificate } from '../emulator/pki.js';
import {
  NODE,
  ROOT,
  actionManifest,
  runAzure,
  runGitHub,
  spawnNode,
  taskManifest,
} from '../__tests__/helpers/hosts.js';
import { README, renderReadme } from './readme.js';

const { tenantId: TENANT, clientId: APP, clientSecret: SECRET } = DEMO;
const SCOPE = 'https://graph.microsoft.com/.default';
const WARM_UP_ROUNDS = 2;
const CLI_BUNDLE = 'dist/cli/index.js';
/** The Node that runs every contestant: this one, or ENTRA_TOKEN_TEST_NODE (GitHub's runners use Node 24). */
const nodeVersion = execFileSync(NODE, ['--version'], { encoding: 'utf8' }).trim().replace(/^v/, '');
const roundsFlag = process.argv.indexOf('--rounds');
const ROUNDS = roundsFlag > 0 ? Number(process.argv[roundsFlag + 1]) : 15;

const certificate = makeClientCertificate('contoso-deploy');
const emulator = await startDemoEmulator(certificate);
const certificatePem = `${certificate.certPem}\n${certificate.keyPem}`;

/** Runs a script of scripts/bench/ the way a user's step would run it. */
async function script(name: string): Promise<number> {
  const run = await spawnNode(
    join(ROOT, 'scripts', 'bench', name),
    {
      PATH: process.env.PATH ?? '',
      NODE_EXTRA_CA_CERTS: emulator.caFile,
      TENANT_ID: TENANT,
      CLIENT_ID: APP,
      CLIENT_SECRET: SECRET,
      AUTHORITY_HOST: emulator.url,
      TOKEN_URL: `${emulator.url}/${TENANT}/oauth2/v2.0/token`,
      SCOPE,
    },
    ROOT,
  );
  if (run.code !== 0) throw new Error(`${name} failed: ${run.stderr}`);
  return run.elapsedMs;
}

interface Contestant {
  readonly name: string;
  /** Elapsed milliseconds of one whole process that got a token. */
  readonly run: () => Promise<number>;
  readonly times: number[];
  readonly requests: number[];
}

const contestant = (name: string, run: () => Promise<number>): Contestant => ({ name, run, times: [], requests: [] });

const github = contestant('GitHub Action bundle', async () => {
  const run = await runGitHub(
    { 'tenant-id': TENANT, 'client-id': APP, 'client-secret': SECRET, 'authority-host': emulator.url },
    { caFile: emulator.caFile },
  );
  if (!run.outputs['access-token']) throw new Error(`The GitHub bundle got no token:\n${run.lines.join('\n')}`);
  return run.elapsedMs;
});
const azure = contestant('Azure Pipelines task bundle', async () => {
  const run = await runAzure(
    {
      authenticationMethod: 'clientSecret',
      tenantId: TENANT,
      clientId: APP,
      clientSecret: SECRET,
      authorityHost: emulator.url,
    },
    { caFile: emulator.caFile },
  );
  if (!run.variables.accessToken) throw new Error(`The Azure bundle got no token:\n${run.lines.join('\n')}`);
  return run.elapsedMs;
});
const githubCertificate = contestant('GitHub Action bundle, certificate', async () => {
  const run = await runGitHub(
    { 'tenant-id': TENANT, 'client-id': APP, certificate: certificatePem, 'authority-host': emulator.url },
    { caFile: emulator.caFile },
  );
  if (!run.outputs['access-token']) throw new Error(`The GitHub bundle got no token:\n${run.lines.join('\n')}`);
  return run.elapsedMs;
});
const command = contestant('`entra-token` command', async () => {
  const run = await spawnNode(
    join(ROOT, CLI_BUNDLE),
    {
      PATH: process.env.PATH ?? '',
      NODE_EXTRA_CA_CERTS: emulator.caFile,
      AZURE_TENANT_ID: TENANT,
      AZURE_CLIENT_ID: APP,
      AZURE_CLIENT_SECRET: SECRET,
      AZURE_AUTHORITY_HOST: emulator.url,
    },
    ROOT,
  );
  if (run.code !== 0 || !run.stdout.trim()) throw new Error(`entra-token got no token:\n${run.stderr}`);
  return run.elapsedMs;
});
const identity = contestant('@azure/identity ClientSecretCredential', () => script('identity.mjs'));
const floor = contestant('floor: node + one fetch POST', () => script('floor.mjs'));
const contestants = [github, githubCertificate, azure, command, identity, floor];

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

try {
  for (let round = 0; round < WARM_UP_ROUNDS + ROUNDS; round += 1) {
    for (let turn = 0; turn < contestants.length; turn += 1) {
      const next = contestants[(round + turn) % contestants.length]!;
      const before = emulator.requests.length;
      const elapsed = await next.run();
      if (round < WARM_UP_ROUNDS) continue;
      next.times.push(elapsed);
      next.requests.push(emulator.requests.length - before);
    }
    process.stderr.write(round < WARM_UP_ROUNDS ? 'w' : '.');
  }
  process.stderr.write('\n');

  const ms = (value: number): string => `${value.toFixed(0)} ms`;
  const ratio = (value: number, base: number): string => `${(value / base).toFixed(2)}×`;
  const requests = (entry: Contestant): string => [...new Set(entry.requests)].join(' or ');
  const floorMedian = median(floor.times);
  const identityMedian = median(identity.times);
  const kib = (path: string): string => `${(statSync(join(ROOT, path)).size / 1024).toFixed(0)} KiB`;
  // ncc emits a dynamically imported package as a chunk named by module ID: node-forge, and the proxy agent.
  const chunks = (bundle: string): string =>
    readdirSync(join(ROOT, dirname(bundle)))
      .filter((name) => /^\d+\.index\.js$/.test(name))
      .map((name) => `\`${name}\` ${kib(join(dirname(bundle), name))}`)
      .join(', ');
  const githubBundle = actionManifest().runs.main;
  const azureBundle = taskManifest().execution.Node20_1!.target;
  const cpu = cpus();

  const table = [
    '| Process | Median | Fastest | Requests per token | vs floor | vs `@azure/identity` |',
    '| --- | --: | --: | --: | --: | --: |',
    ...contestants.map(
      (entry) =>
        `| ${entry.name} | ${ms(median(entry.times))} | ${ms(Math.min(...entry.times))} | ${requests(entry)} | ` +
        `${ratio(median(entry.times), floorMedian)} | ${ratio(median(entry.times), identityMedian)} |`,
    ),
    '',
    `Bundles: \`${githubBundle}\` ${kib(githubBundle)}, \`${azureBundle}\` ${kib(azureBundle)}, \`${CLI_BUNDLE}\` ${kib(CLI_BUNDLE)} ` +
      `(minified; source maps beside them), each with the chunks it loads only when a run needs them: ${chunks(CLI_BUNDLE)}.`,
    `Measured by \`npm run bench\` on ${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}, ` +
      `${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${nodeVersion}, ${ROUNDS} interleaved rounds after ` +
      `${WARM_UP_ROUNDS} warm-up rounds, on ${new Date().toISOString().slice(0, 10)}.`,
  ].join('\n');
  console.log(table);

  if (process.argv.includes('--readme')) {
    const { rendered } = await renderReadme({ [`bench:node${nodeVersion.split('.')[0]}`]: table });
    writeFileSync(README, rendered);
    console.log('\nWritten to README.md.');
  }
} finally {
  await emulator.close();
}
