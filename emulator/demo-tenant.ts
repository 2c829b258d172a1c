// The emulator as `npm run demo`, `npm run bench` and the CI smoke run use it: one tenant with one app that can
// sign in with a secret, a certificate, or a federated credential of an Azure DevOps service connection.

import { type KeyAndCertificate, makeClientCertificate } from './pki.js';
import { Emulator } from './server.js';

export const DEMO = {
  tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47',
  clientId: '0c5d3a1e-7b2f-4e8a-9d61-3f2a8b7c4e10',
  /** Not a real secret: the emulator's app accepts it, nothing else does. */
  clientSecret: 'Xy8Q~demo.secret-value_not-real-0123456789',
  serviceConnectionId: '5f3c1b2a-9e8d-4c7b-a6f5-0e1d2c3b4a59',
  serviceConnectionSubject: 'sc://contoso/web/prod-graph',
} as const;

/** `certificate`: the app's registered certificate, for callers that sign in with it (the bench). */
export async function startDemoEmulator(
  certificate: KeyAndCertificate = makeClientCertificate('contoso-deploy'),
): Promise<Emulator> {
  const emulator = await Emulator.start({
    tenants: [
      {
        id: DEMO.tenantId,
        domains: ['contoso.onmicrosoft.com'],
        apps: [
          {
            clientId: DEMO.clientId,
            displayName: 'contoso-deploy',
            roles: ['User.Read.All', 'Group.Read.All'],
            secrets: [{ value: DEMO.clientSecret }],
            certificates: [certificate.certPem],
          },
        ],
      },
    ],
    adoSubjects: { [DEMO.serviceConnectionId]: DEMO.serviceConnectionSubject },
  });
  emulator.addFederatedCredential(DEMO.clientId, {
    issuer: emulator.adoIssuer,
    subject: DEMO.serviceConnectionSubject,
    audience: 'api://AzureADTokenExchange',
  });
  return emulator;
}
