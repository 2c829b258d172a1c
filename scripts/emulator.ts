// `npm run emulator -- FILE`: starts the demo emulator and keeps it running; writes, as KEY=VALUE lines to FILE,
// what a step needs to reach it (the CI smoke run appends them to GITHUB_ENV before `uses: ./`).

import { writeFileSync } from 'node:fs';
import { DEMO, startDemoEmulator } from '../emulator/demo-tenant.js';

const file = process.argv[2];
if (!file) {
  console.log('Usage: npm run emulator -- FILE');
  process.exit(2);
}
const emulator = await startDemoEmulator();
const variables = {
  NODE_EXTRA_CA_CERTS: emulator.caFile,
  EMULATOR_AUTHORITY_HOST: emulator.url,
  EMULATOR_TENANT_ID: DEMO.tenantId,
  EMULATOR_CLIENT_ID: DEMO.clientId,
  EMULATOR_CLIENT_SECRET: DEMO.clientSecret,
};
writeFileSync(
  file,
  Object.entries(variables)
    .map(([name, value]) => `${name}=${value}\n`)
    .join(''),
);
console.log(`Entra ID emulator at ${emulator.url}; variables in ${file}. Stop it with Ctrl+C.`);
process.on('SIGTERM', () => void emulator.close().then(() => process.exit(0)));
process.on('SIGINT', () => void emulator.close().then(() => process.exit(0)));
