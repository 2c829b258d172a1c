// An in-memory Host for unit tests: inputs by GitHub's names, everything the core says recorded.

import type * as core from '../../src/core/host.js';
import { AUTH_METHODS, INPUT_NAMES } from '../../src/github/host.js';

export class FakeHost implements core.Host {
  readonly secrets: string[] = [];
  readonly warnings: string[] = [];
  readonly logs: string[] = [];
  failure?: string;
  published?: { token: core.AcquiredToken; variableName?: string };
  installed?: core.Handover;
  summaries: string[] = [];
  // GitHub's names and words, taken from its adapter so the two cannot drift apart.
  readonly inputNames = INPUT_NAMES;
  readonly authMethods = AUTH_METHODS;
  readonly defaultAuthMethod = 'auto';
  readonly reservedVariables = [/^GITHUB_/i];
  proxySetting?: core.ProxyConfiguration;
  tlsSetting: core.TlsConfiguration = {};
  federated: core.FederatedTokenSource | string = {
    kind: 'request',
    method: 'GET',
    url: 'https://oidc.invalid/token?audience=api://AzureADTokenExchange',
    urlSource: 'ACTIONS_ID_TOKEN_REQUEST_URL',
    bearer: 'request-bearer-0001',
    tokenField: 'value',
    issuerLabel: 'GitHub OIDC',
  };

  constructor(
    private readonly inputs: Readonly<Record<string, string>> = {},
    readonly endpoints: Readonly<Record<string, core.ServiceEndpoint>> = {},
  ) {}

  input(key: core.InputKey): string {
    return this.inputs[(this.inputNames as Partial<Record<core.InputKey, string>>)[key]!] ?? '';
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
  proxy(): core.ProxyConfiguration | undefined {
    return this.proxySetting;
  }
  tls(): core.TlsConfiguration {
    return this.tlsSetting;
  }
  federatedToken(): core.FederatedTokenSource | string {
    return this.federated;
  }
  serviceEndpoint(id: string): core.ServiceEndpoint | undefined {
    return this.endpoints[id];
  }
  publish(token: core.AcquiredToken, variableName?: string): void {
    this.published = { token, variableName };
  }
  async installCli(handover: core.Handover): Promise<void> {
    this.installed = handover;
  }
  async summary(markdown: string): Promise<void> {
    this.summaries.push(markdown);
  }
  fail(message: string): void {
    this.failure = message;
  }
}
