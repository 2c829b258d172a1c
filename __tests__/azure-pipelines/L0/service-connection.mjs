// L0: an Azure Resource Manager service connection with a service principal and its secret (spnKey), as the agent
// passes it: scheme ServicePrincipal, the authority host in the connection's data.

import { given, runTask } from './agent.mjs';

const id = 'f1e2d3c4-0000-4000-8000-000000000010';
await runTask({
  inputs: { authenticationMethod: 'serviceConnection', azureSubscription: id },
  endpoints: [
    {
      id,
      scheme: 'ServicePrincipal',
      parameters: {
        authenticationType: 'spnKey',
        serviceprincipalid: given('L0_CLIENT_ID'),
        serviceprincipalkey: given('L0_CLIENT_SECRET'),
        tenantid: given('L0_TENANT_ID'),
      },
      data: { environment: 'AzureCloud', activeDirectoryAuthority: `${given('L0_AUTHORITY_HOST')}/` },
    },
  ],
});
