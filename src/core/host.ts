// The small surface a CI host offers the core (GitHub's runner, the Azure Pipelines agent, a shell for the command).
// Each adapter implements it on its host's own toolkit; the core never imports one.

/** Logical inputs; each host names them its own way (`tenant-id` on GitHub, `tenantId` on Azure). */
export type InputKey =
  | 'authMethod'
  | 'tenantId'
  | 'clientId'
  | 'clientSecret'
  | 'certificate'
  | 'privateKey'
  | 'certificatePassword'
  | 'sendCertificateChain'
  | 'audience'
  | 'scope'
  | 'cloud'
  | 'authorityHost'
  | 'variableName'
  | 'timeoutSeconds'
  | 'serviceConnection'
  | 'installCli';

/** What a user asked for, in host-neutral terms. */
export type AuthMethod = 'auto' | 'secret' | 'certificate' | 'oidc' | 'managed-identity' | 'service-connection';

/** The contract's words for `auth-type` (the action) and `--auth-type` (the command); each is its own method. */
export const AUTH_TYPES = {
  auto: 'auto',
  secret: 'secret',
  certificate: 'certificate',
  oidc: 'oidc',
  'managed-identity': 'managed-identity',
} as const satisfies Record<string, AuthMethod>;

/** Where a federated token comes from, read right before each exchange: those tokens live minutes. */
export type FederatedTokenSource = OidcTokenRequest | FederatedTokenFile;

/** A request that returns the job's OIDC token (GitHub, Azure DevOps). */
export interface OidcTokenRequest {
  readonly kind: 'request';
  readonly method: 'GET' | 'POST';
  /** Where the job asks; must be https, as the request carries a bearer credential. */
  readonly url: string;
  /** The host's name for the variable `url` came from, for error messages. */
  readonly urlSource: string;
  /** Bearer credential of the request; a secret, masked when settings are read. */
  readonly bearer: string;
  /** Field of the JSON answer that holds the token (`value` on GitHub, `oidcToken` on Azure DevOps). */
  readonly tokenField: string;
  /** Who issues it, for messages: "GitHub OIDC", "Azure DevOps workload identity". */
  readonly issuerLabel: string;
}

/** A file a platform keeps fresh (Kubernetes workload identity's AZURE_FEDERATED_TOKEN_FILE). */
export interface FederatedTokenFile {
  readonly kind: 'file';
  readonly path: string;
  /** The setting that named it, for errors. */
  readonly source: string;
  readonly issuerLabel: string;
}

/** An Azure Resource Manager service connection as the agent hands it over. */
export interface ServiceEndpoint {
  readonly id: string;
  readonly scheme: string;
  authParameter(name: string): string | undefined;
  dataParameter(name: string): string | undefined;
}

/** A proxy the host names, as raw text: the core validates it and says which variable is wrong. */
export interface ProxyConfiguration {
  /** Where it came from, e.g. 'HTTPS_PROXY' or 'Agent.ProxyUrl'. */
  readonly source: string;
  readonly url: string;
  readonly username?: string;
  readonly password?: string;
  /** Hosts that go direct: NO_PROXY entries, or the agent's bypass list of regular expressions. */
  readonly bypass:
    | { readonly kind: 'no-proxy'; readonly source: string; readonly value: string }
    | { readonly kind: 'patterns'; readonly source: string; readonly patterns: readonly string[] };
}

/** A file the host names, with the setting it came from (for error messages). */
export interface NamedFile {
  readonly path: string;
  readonly source: string;
}

/** TLS settings the host adds to every request: the agent's CA file and client certificate. Paths, not contents. */
export interface TlsConfiguration {
  readonly caFile?: NamedFile;
  readonly certFile?: NamedFile;
  readonly keyFile?: NamedFile;
  /** A PFX holding the client certificate and key. */
  readonly certArchiveFile?: NamedFile;
  readonly passphrase?: string;
}

export interface AcquiredToken {
  readonly accessToken: string;
  readonly expiresOn: Date;
  readonly tokenType: 'Bearer';
}

/** The non-secret settings of a successful step, recorded for the `entra-token` command in later steps. */
export interface Handover {
  readonly authType: 'secret' | 'certificate' | 'oidc' | 'managed-identity';
  readonly tenantId?: string;
  readonly clientId?: string;
  readonly authorityHost?: string;
  readonly audience?: string;
  readonly serviceConnectionId?: string;
}

export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warning(message: string): void;
}

/** What reading the settings needs of a host: inputs, masking, warnings, network and credential sources. */
export interface SettingsSource {
  /** Inputs the host knows, by the names users type; the names appear in error messages. */
  readonly inputNames: Readonly<Partial<Record<InputKey, string>>>;
  /** The host's words for each authentication method, as users type them. */
  readonly authMethods: Readonly<Record<string, AuthMethod>>;
  /** The word used when the method input is empty. */
  readonly defaultAuthMethod: string;
  /** Variable names the host would mis-handle as `variableName` (outputs it derives, its own namespaces). */
  readonly reservedVariables: readonly RegExp[];
  /** The raw value of an input, '' when unset. Only called for keys in `inputNames`. */
  input(key: InputKey): string;
  /** Registers a value with the host's log masking. Must run before the value could be printed. */
  setSecret(value: string): void;
  warning(message: string): void;
  proxy(): ProxyConfiguration | undefined;
  tls(): TlsConfiguration;
  /** Where this job's federated token comes from; a reason string when the job cannot get one. */
  federatedToken(audience: string, serviceConnectionId?: string): FederatedTokenSource | string;
  /** Looks up a service connection; undefined when the agent did not pass it to the step. */
  serviceEndpoint?(id: string): ServiceEndpoint | undefined;
}

/** A CI host that runs the step. */
export interface Host extends SettingsSource, Logger {
  /** Whether debug logging is on (stack traces are shown only then). */
  isDebug(): boolean;
  /** Hands the token to later steps: outputs and variables. The token is already masked. */
  publish(token: AcquiredToken, variableName: string | undefined): void;
  /** Puts the `entra-token` command on PATH for later steps and records the non-secret settings. */
  installCli(handover: Handover): Promise<void>;
  /** Attaches a markdown summary to the run. Never throws: the token is handed over by then, so it only warns. */
  summary(markdown: string): Promise<void>;
  /** Marks the step failed with a message. */
  fail(message: string): void;
}
