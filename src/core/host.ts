// The small surface a CI host offers the core. Each adapter (GitHub, Azure Pipelines) implements it;
// the core never imports a host library, so either bundle carries only its own host's code.

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
  | 'serviceConnection';

/** What a user asked for, in host-neutral terms. */
export type AuthMethod = 'auto' | 'secret' | 'certificate' | 'oidc' | 'managed-identity' | 'service-connection';

/** A request that returns a federated (OIDC) token, made right before each exchange: those tokens are short-lived. */
export interface OidcTokenRequest {
  readonly method: 'GET' | 'POST';
  readonly url: string;
  /** Bearer credential of the request; a secret, masked before use. */
  readonly bearer: string;
  /** Field of the JSON answer that holds the token (`value` on GitHub, `oidcToken` on Azure DevOps). */
  readonly tokenField: string;
}

/** An Azure Resource Manager service connection as the agent hands it over. */
export interface ServiceEndpoint {
  readonly id: string;
  readonly scheme: string;
  authParameter(name: string): string | undefined;
  dataParameter(name: string): string | undefined;
}

/** Proxy the host tells us to use. `environment` means HTTPS_PROXY / HTTP_PROXY / NO_PROXY. */
export type ProxySetting =
  | { readonly kind: 'none' }
  | { readonly kind: 'environment' }
  | {
      readonly kind: 'explicit';
      readonly url: string;
      readonly username?: string;
      readonly password?: string;
      /** Hosts that go direct, as the regular expressions the Azure agent's bypass list holds. */
      readonly bypass: readonly RegExp[];
    };

export interface AcquiredToken {
  readonly accessToken: string;
  readonly expiresOn: Date;
  readonly tokenType: 'Bearer';
}

export interface Host {
  /** Inputs whose values the host knows by these names; the names appear in error messages. */
  readonly inputNames: Readonly<Partial<Record<InputKey, string>>>;
  /** The host's words for each authentication method, as the user types them. */
  readonly authMethods: Readonly<Record<string, AuthMethod>>;
  /** The raw value of an input, '' when unset. Only called for keys in `inputNames`. */
  input(key: InputKey): string;
  /** Registers a value with the host's log masking. Must run before the value could be printed. */
  setSecret(value: string): void;
  debug(message: string): void;
  info(message: string): void;
  warning(message: string): void;
  /** Whether the host's debug logging is on (stack traces are shown only then). */
  isDebug(): boolean;
  proxy(): ProxySetting;
  /** How to get this job's OIDC token; a reason string when the job cannot get one. */
  oidcTokenRequest(audience: string, serviceConnectionId?: string): OidcTokenRequest | string;
  /** Looks up a service connection; undefined when the agent did not pass it to the step. */
  serviceEndpoint?(id: string): ServiceEndpoint | undefined;
  /** Hands the token to later steps: outputs and variables. The token is already masked. */
  publish(token: AcquiredToken, variableName: string | undefined): void;
  /** Attaches a markdown summary to the run. */
  summary(markdown: string): void;
  /** Marks the step failed with a message. */
  fail(message: string): void;
}
