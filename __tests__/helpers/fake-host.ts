// An in-memory Host for unit tests: inputs by GitHub's names, everything the core says recorded.

import type {
  AcquiredToken,
  FederatedTokenSource,
  Handover,
  Host,
  InputKey,
  ProxyConfiguration,
  ServiceEndpoint,
  TlsConfiguration,
} from '../../src/core/host.js';
import { AUTH_METHODS, INPUT_NAMES } from '../../src/github/host.js';

export class FakeHost implements Host {
  readonly secrets: string[] = [];
  readonly warnings: string[] = [];
  readonly logs: string[] = [];
  failure?: string;
  published?: { token: AcquiredToken; variableName?: string };
  installed?: Handover;
  summaries: string[] = [];
  // GitHub's names and words, taken from its adapter so the two cannot drift apart.
  readonly inputNames = INPUT_NAMES;
  readonly authMethods = AUTH_METHODS;
  readonly defaultAuthMethod = 'auto';
  readonly reservedVariables = [/^GITHUB_/i];
  proxySetting?: ProxyConfiguration;
  tlsSetting: TlsConfiguration = {};
  federated: FederatedTokenSource | string = {
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
    readonly endpoints: Readonly<Record<string, ServiceEndpoint>> = {},
  ) {}

  input(key: InputKey): string {
    return this.inputs[(this.inputNames as Partial<Record<InputKey, string>>)[key]!] ?? '';
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
  proxy(): ProxyConfiguration | undefined {
    return this.proxySetting;
  }
  tls(): TlsConfiguration {
    return this.tlsSetting;
  }
  federatedToken(): FederatedTokenSource | string {
    return this.federated;
  }
  serviceEndpoint(id: string): ServiceEndpoint | undefined {
    return this.endpoints[id];
  }
  publish(token: AcquiredToken, variableName?: string): void {
    this.published = { token, variableName };
  }
  installCli(handover: Handover): void {
    this.installed = handover;
  }
  async summary(markdown: string): Promise<void> {
    this.summaries.push(markdown);
  }
  fail(message: string): void {
    this.failure = message;
  }
}
