// An in-memory Host for unit tests: inputs by GitHub's names, everything the core says recorded.

import type {
  AcquiredToken,
  Host,
  InputKey,
  OidcTokenRequest,
  ProxySetting,
  ServiceEndpoint,
} from '../../src/core/host.js';
import { createGitHubHost } from '../../src/github/host.js';

const GITHUB = createGitHubHost({});

export class FakeHost implements Host {
  readonly secrets: string[] = [];
  readonly warnings: string[] = [];
  readonly logs: string[] = [];
  failure?: string;
  published?: { token: AcquiredToken; variableName?: string };
  summaries: string[] = [];
  // GitHub's names and words, taken from its adapter so the two cannot drift apart.
  readonly inputNames = GITHUB.inputNames;
  readonly authMethods = GITHUB.authMethods;

  constructor(
    private readonly inputs: Readonly<Record<string, string>> = {},
    readonly endpoints: Readonly<Record<string, ServiceEndpoint>> = {},
  ) {}

  input(key: InputKey): string {
    return this.inputs[this.inputNames[key]!] ?? '';
  }
  setSecret(value: string): void {
    this.secrets.push(value);
  }
  debug(message: string): void {
    this.logs.push(`debug: ${message}`);
  }
  info(message: string): void {
    this.logs.push(message);
  }
  warning(message: string): void {
    this.warnings.push(message);
  }
  isDebug(): boolean {
    return false;
  }
  proxy(): ProxySetting {
    return { kind: 'none' };
  }
  oidcTokenRequest(audience: string): OidcTokenRequest | string {
    return {
      method: 'GET',
      url: `https://oidc.invalid/token?audience=${audience}`,
      bearer: 'request-bearer-0001',
      tokenField: 'value',
    };
  }
  serviceEndpoint(id: string): ServiceEndpoint | undefined {
    return this.endpoints[id];
  }
  publish(token: AcquiredToken, variableName?: string): void {
    this.published = { token, variableName };
  }
  summary(markdown: string): void {
    this.summaries.push(markdown);
  }
  fail(message: string): void {
    this.failure = message;
  }
}
