// One emulator with an Entra tenant, an AD FS and a VM's managed identities, and a client that trusts its CA:
// the emulator tests talk to it directly over HTTPS, not through the product's bundles.

import { randomUUID, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as jose from 'jose';
import { Agent, request } from 'undici';
import { makeClientCertificate, type KeyAndCertificate } from '../../emulator/pki.js';
import {
  APPS,
  FEDERATION_AUDIENCE,
  GITHUB_SUBJECT,
  IDENTITIES,
  startEmulator,
  TENANT_ID,
  type Running,
} from '../helpers/world.js';

// The tenant, identities and federation of the product tests' world; of its apps, the lab registers three.
export { APPS, FEDERATION_AUDIENCE, GITHUB_SUBJECT, IDENTITIES, TENANT_ID };
export const SECRET = 'emulator-test-secret-value-0123456789';
export const ADFS_APPS = {
  secret: 'a0000000-0000-4000-8000-000000000001',
  certificate: 'a0000000-0000-4000-8000-000000000002',
} as const;

/** Its `cert` is registered on the Entra certificate app and on the AD FS certificate app. */
export interface Lab extends Running {
  /** Trusts the emulator's CA. */
  readonly agent: Agent;
}

export async function startLab(): Promise<Lab> {
  const cert = makeClientCertificate('emulator-tests');
  const emulator = await startEmulator(
    {
      apps: [
        { clientId: APPS.secret, roles: ['User.Read.All'], secrets: [{ value: SECRET }] },
        { clientId: APPS.certificate, certificates: [cert.certPem] },
        { clientId: APPS.federated, roles: ['Sites.Read.All'] },
      ],
    },
    {
      githubSubject: GITHUB_SUBJECT,
      adfs: {
        apps: [
          { clientId: ADFS_APPS.secret, roles: ['Reader'], secrets: [{ value: SECRET }] },
          { clientId: ADFS_APPS.certificate, roles: ['Contributor'], certificates: [cert.certPem] },
        ],
      },
    },
  );
  const agent = new Agent({ connect: { ca: readFileSync(emulator.caFile, 'utf8') } });
  return {
    emulator,
    cert,
    agent,
    async close() {
      await agent.close();
      await emulator.close();
    },
  };
}

export interface Reply {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly text: string;
  /** The body as JSON; `undefined` when it is not JSON. */
  readonly json: Record<string, unknown> | undefined;
}

export async function call(
  lab: Lab,
  url: string,
  options: { form?: Record<string, string>; headers?: Record<string, string> } = {},
): Promise<Reply> {
  const response = await request(url, {
    dispatcher: lab.agent,
    method: options.form ? 'POST' : 'GET',
    headers: {
      ...(options.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      ...options.headers,
    },
    body: options.form ? new URLSearchParams(options.form).toString() : undefined,
  });
  const text = await response.body.text();
  let json: Record<string, unknown> | undefined;
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    json = undefined;
  }
  return { status: response.statusCode, headers: response.headers, text, json };
}

/** A client assertion as MSAL makes one: RS256, `x5t#S256` of the certificate, `aud` = the token endpoint. */
export async function signAssertion(
  credential: KeyAndCertificate,
  clientId: string,
  audience: string,
): Promise<string> {
  const fingerprint = new X509Certificate(credential.certPem).fingerprint256.replace(/:/g, '');
  return new jose.SignJWT({ jti: randomUUID() })
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT', 'x5t#S256': Buffer.from(fingerprint, 'hex').toString('base64url') })
    .setIssuer(clientId)
    .setSubject(clientId)
    .setAudience(audience)
    .setIssuedAt()
    .setNotBefore('0s')
    .setExpirationTime('10m')
    .sign(await jose.importPKCS8(credential.keyPem, 'RS256'));
}

/** A token from the emulated GitHub OIDC issuer, as a runner would fetch it. */
export async function githubOidcToken(lab: Lab): Promise<string> {
  const environment = lab.emulator.githubOidcEnvironment();
  const reply = await call(lab, `${environment.ACTIONS_ID_TOKEN_REQUEST_URL}&audience=${FEDERATION_AUDIENCE}`, {
    headers: { authorization: `Bearer ${environment.ACTIONS_ID_TOKEN_REQUEST_TOKEN}` },
  });
  if (reply.status !== 200 || typeof reply.json?.value !== 'string') throw new Error(`GitHub OIDC: ${reply.text}`);
  return reply.json.value;
}

export const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
