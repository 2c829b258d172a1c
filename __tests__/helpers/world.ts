// One emulated Entra ID with the apps the tests use, and the client credential in every shape users hold it.

import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Emulator, type EmulatorOptions, type Tenant } from '../../emulator/server.js';
import { makeClientCertificate, toEncryptedKeyPem, toPfx, type KeyAndCertificate } from '../../emulator/pki.js';

export const TENANT_ID = '72f988bf-86f1-41af-91ab-2d7cd011db47';
export const TENANT_DOMAIN = 'contoso.onmicrosoft.com';
export const SECRET = 'Q~8vLx.3kT_secret-value-for-tests-0123456789';
export const CERT_PASSWORD = 'pfx-password-for-tests';

export const APPS = {
  secret: '11111111-1111-4111-8111-111111111111',
  expiredSecret: '22222222-2222-4222-8222-222222222222',
  certificate: '33333333-3333-4333-8333-333333333333',
  federated: '44444444-4444-4444-8444-444444444444',
  noRoles: '55555555-5555-4555-8555-555555555555',
  opaque: '66666666-6666-4666-8666-666666666666',
  unknown: '99999999-9999-4999-8999-999999999999',
} as const;

export const IDENTITIES = {
  system: 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa',
  user: 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb',
} as const;

export const GITHUB_SUBJECT = 'repo:octo-org/octo-repo:ref:refs/heads/main';
/** The audience Entra's federated credentials expect by default. */
export const FEDERATION_AUDIENCE = 'api://AzureADTokenExchange';
export const ADO_CONNECTION = {
  id: 'c0ffee00-0000-4000-8000-00000000beef',
  subject: 'sc://contoso/web/prod-connection',
};

/** A running emulator and the client certificate its certificate apps register. */
export interface Running {
  readonly emulator: Emulator;
  /** The registered certificate with its key. */
  readonly cert: KeyAndCertificate;
  close(): Promise<void>;
}

/**
 * An emulator with the tenant TENANT_ID (these apps and domains), the VM's managed identities, and the federated
 * app trusting the GitHub issuer's tokens for GITHUB_SUBJECT; `more` sets the rest of the emulator.
 */
export async function startEmulator(
  tenant: Omit<Tenant, 'id'>,
  more: Omit<EmulatorOptions, 'tenants' | 'managedIdentities'> = {},
): Promise<Emulator> {
  const emulator = await Emulator.start({
    tenants: [{ id: TENANT_ID, ...tenant }],
    managedIdentities: { systemAssigned: IDENTITIES.system, userAssigned: [IDENTITIES.user], tenantId: TENANT_ID },
    ...more,
  });
  // Federated credentials name the emulator's issuers, which exist only once it listens.
  emulator.addFederatedCredential(APPS.federated, {
    issuer: emulator.githubIssuer,
    subject: GITHUB_SUBJECT,
    audience: FEDERATION_AUDIENCE,
  });
  return emulator;
}

export interface World extends Running {
  /** A certificate the app does not know. */
  readonly stranger: KeyAndCertificate;
  readonly files: {
    readonly combinedPem: string;
    readonly certPem: string;
    readonly keyPem: string;
    readonly encryptedKeyPem: string;
    readonly pfx: string;
    readonly cer: string;
  };
  readonly pfxBase64: string;
  readonly encryptedKey: string;
  readonly folder: string;
}

export async function createWorld(): Promise<World> {
  const cert = makeClientCertificate('entra-token registered');
  const stranger = makeClientCertificate('entra-token stranger');
  const emulator = await startEmulator(
    {
      domains: [TENANT_DOMAIN],
      apps: [
        { clientId: APPS.secret, displayName: 'deploy-bot', roles: ['User.Read.All'], secrets: [{ value: SECRET }] },
        { clientId: APPS.expiredSecret, secrets: [{ value: SECRET, expired: true }] },
        {
          clientId: APPS.certificate,
          displayName: 'cert-bot',
          roles: ['Directory.Read.All'],
          certificates: [cert.certPem],
        },
        { clientId: APPS.noRoles, secrets: [{ value: SECRET }] },
        { clientId: APPS.opaque, secrets: [{ value: SECRET }], opaqueTokens: true },
        { clientId: APPS.federated, displayName: 'oidc-bot', roles: ['Sites.Read.All'] },
      ],
    },
    {
      adoSubjects: { [ADO_CONNECTION.id]: ADO_CONNECTION.subject },
      // Azure Stack Hub's AD FS, with the same client as the Entra tenant.
      adfs: {
        apps: [{ clientId: APPS.secret, displayName: 'stack-bot', roles: ['Reader'], secrets: [{ value: SECRET }] }],
      },
    },
  );
  emulator.addFederatedCredential(APPS.federated, {
    issuer: emulator.adoIssuer,
    subject: ADO_CONNECTION.subject,
    audience: FEDERATION_AUDIENCE,
  });

  const folder = mkdtempSync(join(tmpdir(), 'entra-token-creds-'));
  const write = (name: string, content: string | Buffer): string => {
    const path = join(folder, name);
    writeFileSync(path, content);
    return path;
  };
  const encryptedKey = toEncryptedKeyPem(cert, CERT_PASSWORD);
  const pfx = toPfx(cert, CERT_PASSWORD);
  const der = Buffer.from(cert.certPem.replace(/-----[A-Z ]+-----|\s/g, ''), 'base64');
  return {
    emulator,
    cert,
    stranger,
    files: {
      combinedPem: write('combined.pem', `${cert.certPem}${cert.keyPem}`),
      certPem: write('cert.crt', cert.certPem),
      keyPem: write('cert.key', cert.keyPem),
      encryptedKeyPem: write('encrypted.key', encryptedKey),
      pfx: write('cert.pfx', pfx),
      cer: write('cert.cer', der),
    },
    pfxBase64: pfx.toString('base64'),
    encryptedKey,
    folder,
    async close() {
      await emulator.close();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

export const newGuid = (): string => randomUUID();
