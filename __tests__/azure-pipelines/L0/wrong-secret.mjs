// L0: authenticationMethod clientSecret, with a secret the app does not have (Entra ID answers AADSTS7000215).

import { given, runTask } from './agent.mjs';

await runTask({
  inputs: {
    authenticationMethod: 'clientSecret',
    tenantId: given('L0_TENANT_ID'),
    clientId: given('L0_CLIENT_ID'),
    clientSecret: 'wrong-secret-value-000000',
    authorityHost: given('L0_AUTHORITY_HOST'),
  },
});
