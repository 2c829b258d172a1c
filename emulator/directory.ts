// What the emulated directories hold: tenants and their app registrations, the VM's managed identities, and the
// resources a token can be asked for. Entra and AD FS read the same shapes.

export interface AppRegistration {
  readonly clientId: string;
  readonly displayName?: string;
  /** Application permissions granted on every resource, issued as the `roles` claim. */
  readonly roles?: readonly string[];
  readonly secrets?: readonly { readonly value: string; readonly expired?: boolean }[];
  /** PEM certificates uploaded to the app. */
  readonly certificates?: readonly string[];
  readonly federated?: readonly FederatedCredential[];
  /** Issue opaque (non-JWT) access tokens, as some resources do. */
  readonly opaqueTokens?: boolean;
}

export interface FederatedCredential {
  readonly issuer: string;
  readonly subject: string;
  readonly audience: string;
}

export interface Tenant {
  readonly id: string;
  readonly domains?: readonly string[];
  readonly apps: readonly AppRegistration[];
}

export interface ManagedIdentities {
  /** Client ID of the VM's system-assigned identity; absent when the VM has none. */
  readonly systemAssigned?: string;
  readonly userAssigned?: readonly string[];
  readonly tenantId: string;
}

const KNOWN_RESOURCES = [
  'https://graph.microsoft.com',
  'https://management.azure.com',
  // Registered with its trailing slash (Azure Resource Manager's classic identifier): without it, AADSTS500011.
  'https://management.core.windows.net/',
  'https://vault.azure.net',
  'https://storage.azure.com',
];

/** Whether a token can be issued for `resource`: the well-known Azure resources, and any `api://` app ID URI. */
export function isKnownResource(resource: string): boolean {
  return KNOWN_RESOURCES.includes(resource) || resource.startsWith('api://');
}
