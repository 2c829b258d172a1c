// L0: authenticationMethod clientSecret, with the app's client secret.

import { given, runTask } from './agent.mjs';

await runTask({
  inputs: {
    authenticationMethod: 'clientSecret',
    tenantId: given('L0_TENANT_ID'),
    clientId: given('L0_CLIENT_ID'),
    clientSecret: given('L0_CLIENT_SECRET'),
    authorityHost: given('L0_AUTHORITY_HOST'),
  },
});
