// Entra's checks of the two kinds of client assertion: a JWT the app signed with a registered certificate, and a
// federated token from an OIDC issuer the app trusts. AD FS checks certificate assertions the same way.

import { X509Certificate } from 'node:crypto';
import * as jose from 'jose';
import type { AppRegistration, FederatedCredential } from './directory.js';
import { EntraFailure } from './entra-failure.js';
import type { LoggedRequest } from './http.js';
import type { Signer } from './signer.js';

/** How far an assertion's times may stray from the verifier's clock, as Entra allows. */
export const ASSERTION_CLOCK_SKEW_SECONDS = 300;

/** Entra's time format in AADSTS700024: seven fractional digits. */
const entraTime = (seconds: number | undefined): string =>
  seconds === undefined ? 'unknown' : new Date(seconds * 1000).toISOString().replace(/\.(\d{3})Z$/, '.$10000Z');

/** AADSTS700024 with the times Entra quotes, so a test can see which clock disagreed. */
function outsideTimeRange(status: number, assertion: string, now: Date): EntraFailure {
  const claims = jose.decodeJwt(assertion);
  return new EntraFailure(
    status,
    'invalid_client',
    700024,
    `Client assertion is not within its valid time range. Current time: ${entraTime(now.getTime() / 1000)}, ` +
      `assertion valid from ${entraTime(claims.nbf ?? claims.iat)}, expiry time of assertion ${entraTime(claims.exp)}. ` +
      'Review the documentation at https://learn.microsoft.com/entra/identity-platform/certificate-credentials .',
  );
}

const isTimeFailure = (error: unknown): boolean =>
  error instanceof jose.errors.JWTExpired ||
  (error instanceof jose.errors.JWTClaimValidationFailed && ['nbf', 'iat'].includes(error.claim));

/** Every refusal of a client assertion is an `invalid_client`. */
const invalidClient = (status: number, code: number, text: string): EntraFailure =>
  new EntraFailure(status, 'invalid_client', code, text);

/**
 * The assertion's claims as `verify` checks them at `now`: a time out of range is AADSTS700024 (with
 * `timeStatus`), any other failure `badSignature`.
 */
async function verifiedClaims(
  verify: () => Promise<jose.JWTPayload>,
  assertion: string,
  now: Date,
  timeStatus: number,
  badSignature: EntraFailure,
): Promise<jose.JWTPayload> {
  try {
    return await verify();
  } catch (error) {
    throw isTimeFailure(error) ? outsideTimeRange(timeStatus, assertion, now) : badSignature;
  }
}

/** `tokenUrl` is the token endpoint the client called: the assertion's audience must name it. */
export async function checkCertificateAssertion(
  app: AppRegistration,
  assertion: string,
  tokenUrl: string,
  entry: LoggedRequest,
): Promise<void> {
  let header: jose.ProtectedHeaderParameters;
  try {
    header = jose.decodeProtectedHeader(assertion);
  } catch {
    throw new EntraFailure(400, 'invalid_request', 50027, 'Invalid JWT token. The token is not in a valid format.');
  }
  const certificates = (app.certificates ?? []).map((pem) => new X509Certificate(pem));
  const byThumbprint = (digest: 'sha256' | 'sha1', value: unknown) =>
    certificates.find(
      (certificate) =>
        Buffer.from(
          certificate[digest === 'sha256' ? 'fingerprint256' : 'fingerprint'].replace(/:/g, ''),
          'hex',
        ).toString('base64url') === value,
    );
  const thumbprintHeader = header['x5t#S256'] !== undefined ? 'x5t#S256' : 'x5t';
  const registered =
    header['x5t#S256'] !== undefined ? byThumbprint('sha256', header['x5t#S256']) : byThumbprint('sha1', header.x5t);
  entry.assertion = { alg: String(header.alg), thumbprintHeader, x5c: Array.isArray(header.x5c) };
  if (!registered) {
    throw invalidClient(
      401,
      700027,
      `The certificate with identifier used to sign the client assertion is not registered on application. [Reason - The key was not found., Thumbprint of key used by client: '${String(header[thumbprintHeader] ?? '')}', Please visit the Azure Portal to see configured keys for app Id '${app.clientId}'.]`,
    );
  }
  const now = new Date();
  const claims = await verifiedClaims(
    async () =>
      (
        await jose.jwtVerify(assertion, registered.publicKey, {
          algorithms: ['RS256', 'PS256'],
          clockTolerance: ASSERTION_CLOCK_SKEW_SECONDS,
          currentDate: now,
        })
      ).payload,
    assertion,
    now,
    401,
    invalidClient(
      401,
      700027,
      'Client assertion failed signature validation. [Reason - The provided signature value did not match the expected signature value.]',
    ),
  );
  if (claims.sub !== app.clientId) {
    throw invalidClient(401, 700021, "Client assertion application identifier doesn't match 'client_id' parameter.");
  }
  if (claims.aud !== tokenUrl) {
    throw invalidClient(
      401,
      50027,
      `Invalid JWT token. Token audience '${String(claims.aud)}' is not the token endpoint '${tokenUrl}'.`,
    );
  }
  if (claims.exp === undefined) throw outsideTimeRange(401, assertion, now);
}

/**
 * A federated token is judged at `now`, the clock of the emulated OIDC issuers (which a test may move forward to
 * expire the tokens they issued), and must match one of `credentials` by issuer, subject and audience.
 */
export async function checkFederatedAssertion(
  assertion: string,
  credentials: readonly FederatedCredential[],
  signer: Signer,
  now: Date,
): Promise<void> {
  const claims = await verifiedClaims(
    () => signer.verify(assertion, { clockTolerance: ASSERTION_CLOCK_SKEW_SECONDS, currentDate: now }),
    assertion,
    now,
    400,
    invalidClient(401, 50027, 'Invalid JWT token. The federated token failed signature validation.'),
  );
  const noRecord = (code: number, claim: string, value: string): EntraFailure =>
    invalidClient(
      400,
      code,
      `No matching federated identity record found for presented assertion ${claim} '${value}'. ` +
        'Please check your federated identity credential Subject, Audience and Issuer against the presented assertion.',
    );
  const byIssuer = credentials.filter((credential) => credential.issuer === claims.iss);
  if (byIssuer.length === 0) throw noRecord(700211, 'issuer', String(claims.iss));
  const bySubject = byIssuer.filter((credential) => credential.subject === claims.sub);
  if (bySubject.length === 0) throw noRecord(700213, 'subject', String(claims.sub));
  const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (!bySubject.some((credential) => audiences.includes(credential.audience)))
    throw noRecord(700212, 'audience', audiences.join(', '));
}
