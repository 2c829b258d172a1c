// The OIDC issuers a pipeline gets its federated token from: GitHub Actions' (ACTIONS_ID_TOKEN_REQUEST_URL) and
// Azure DevOps' (the service connection's oidctoken API). Both sign with the emulator's key and keep one clock.

import type { IncomingMessage } from 'node:http';
import { ASSERTION_CLOCK_SKEW_SECONDS } from './client-assertions.js';
import type { Answer } from './http.js';
import type { Signer } from './signer.js';

export const GITHUB_REQUEST_TOKEN = 'github-runtime-request-token-for-tests';
export const ADO_SYSTEM_TOKEN = 'ado-system-access-token-for-tests';
export const DEFAULT_OIDC_LIFETIME_SECONDS = 600;

export class OidcIssuers {
  /** Every token issued, for leak checks. */
  readonly issued: string[] = [];
  lifetimeSeconds = DEFAULT_OIDC_LIFETIME_SECONDS;
  /**
   * The issuers' clock runs ahead of real time by this much. Moving it forward expires every token issued so far
   * without a test waiting out their lifetime; Entra judges federated tokens by the same clock, so tokens issued
   * afterwards are valid to it. Access tokens and certificate assertions stay on real time.
   */
  private offsetMs = 0;
  private latestExpiryMs = 0;

  constructor(private readonly signer: Signer) {}

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  /** Moves the clock past the expiry of every token issued so far, and past Entra's clock skew allowance. */
  expireIssued(): void {
    const expiredAt = this.latestExpiryMs + (ASSERTION_CLOCK_SKEW_SECONDS + 1) * 1000;
    this.offsetMs += Math.max(0, expiredAt - this.now().getTime());
  }

  async github(req: IncomingMessage, url: URL, issuer: string, subject: string): Promise<Answer> {
    if (req.headers.authorization !== `Bearer ${GITHUB_REQUEST_TOKEN}`)
      return { status: 401, body: { message: 'Bad credentials' } };
    const audience = url.searchParams.get('audience') ?? 'https://github.com/octo-org';
    const value = await this.issue(issuer, subject, audience, {
      repository: 'octo-org/octo-repo',
      ref: 'refs/heads/main',
    });
    return { status: 200, body: { count: value.length, value } };
  }

  /** `subjects`: service connection ID → subject of its tokens. */
  async azureDevOps(
    req: IncomingMessage,
    url: URL,
    issuer: string,
    subjects: Readonly<Record<string, string>>,
  ): Promise<Answer> {
    if (req.method !== 'POST' || req.headers.authorization !== `Bearer ${ADO_SYSTEM_TOKEN}`) {
      return { status: 401, body: { message: 'TF400813: The user is not authorized to access this resource.' } };
    }
    const connection = url.searchParams.get('serviceConnectionId') ?? '';
    const subject = Object.hasOwn(subjects, connection) ? subjects[connection] : undefined;
    if (url.searchParams.get('api-version') !== '7.1' || !subject) {
      return {
        status: 400,
        body: { message: `Service connection '${connection}' is not known, or the api-version is missing.` },
      };
    }
    return { status: 200, body: { oidcToken: await this.issue(issuer, subject, 'api://AzureADTokenExchange', {}) } };
  }

  private async issue(issuer: string, subject: string, audience: string, extra: object): Promise<string> {
    const now = this.now().getTime();
    const token = await this.signer.sign(
      { ...extra, iss: issuer, sub: subject, aud: audience },
      this.lifetimeSeconds,
      now,
    );
    this.latestExpiryMs = Math.max(this.latestExpiryMs, (Math.floor(now / 1000) + this.lifetimeSeconds) * 1000);
    this.issued.push(token);
    return token;
  }
}
