// `entra-token --help`: every subcommand, flag, variable and exit code, on stdout.

export const HELP = `entra-token: a Microsoft Entra ID access token (client credentials) for a CI step, a script or a laptop.

Usage:
  entra-token [get] [--scope S] [--output token|json] [flags]    a fresh token on stdout
  entra-token run [--scope S] [--env NAME] [flags] -- CMD [ARGS...]
                                             CMD runs with the token in $NAME (default ACCESS_TOKEN);
                                             its exit code is returned; CMD's stdin is empty
  entra-token inspect                        reads a token on stdin, prints its claims (never the signature)
  entra-token --help                         this text

Flags (no secret is ever a flag):
  --tenant-id ID          Directory (tenant) ID: a GUID or a domain such as contoso.onmicrosoft.com
  --client-id ID          Application (client) ID; for managed identity, a user-assigned identity's
  --auth-type TYPE        auto (default), secret, certificate, oidc or managed-identity
  --scope S               <resource>/.default (default https://graph.microsoft.com/.default); a bare
                          resource gets /.default appended
  --cloud NAME            AzureCloud (default), AzureUSGovernment or AzureChinaCloud
  --authority-host URL    https://<host>, overrides the cloud (Azure Stack, tests)
  --audience AUD          audience of the OIDC token presented to Entra ID (default api://AzureADTokenExchange)
  --certificate PATH      certificate file: .pem (with its key), .crt/.cer, .pfx or .p12
  --private-key PATH      PEM key file, when --certificate holds the certificate alone
  --send-certificate-chain  send the certificate in the assertion's x5c header (subject name / issuer)
  --timeout-seconds N     deadline for the token, retries included: 1 to 3600 (default 60)
  --output token|json     get: the token alone (default), or JSON with access_token, token_type,
                          expires_on (ISO 8601 UTC), expires_in (seconds) and scope
  --env NAME              run: the variable that holds the token (default ACCESS_TOKEN)

Environment (flags win; then these; then what an earlier entra-token step recorded):
  AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_AUTHORITY_HOST
  AZURE_CLIENT_SECRET                      the client secret
  AZURE_CLIENT_CERTIFICATE_PATH            certificate file (PEM with key, or PFX/P12)
  AZURE_CLIENT_CERTIFICATE_PASSWORD        its password
  AZURE_CLIENT_SEND_CERTIFICATE_CHAIN      true or 1 sends the x5c header
  AZURE_FEDERATED_TOKEN_FILE               a federated (OIDC) token file, e.g. Kubernetes workload identity
  ACTIONS_ID_TOKEN_REQUEST_URL, ACTIONS_ID_TOKEN_REQUEST_TOKEN
                                           GitHub OIDC (a job with permissions: id-token: write)
  SYSTEM_OIDCREQUESTURI, SYSTEM_ACCESSTOKEN, AZURESUBSCRIPTION_SERVICE_CONNECTION_ID,
  AZURESUBSCRIPTION_CLIENT_ID, AZURESUBSCRIPTION_TENANT_ID
                                           Azure DevOps workload identity; map the job token into the step:
                                           env: SYSTEM_ACCESSTOKEN: $(System.AccessToken)
  ENTRA_TOKEN_AUTH_TYPE, ENTRA_TOKEN_TENANT_ID, ENTRA_TOKEN_CLIENT_ID, ENTRA_TOKEN_AUTHORITY_HOST,
  ENTRA_TOKEN_AUDIENCE, ENTRA_TOKEN_SERVICE_CONNECTION_ID
                                           what the entra-token step recorded (never a secret)
  AZURE_POD_IDENTITY_AUTHORITY_HOST        managed identity endpoint (default the Azure VM's IMDS)
  HTTPS_PROXY, NO_PROXY                    proxy; in Azure Pipelines the agent's AGENT_PROXYURL,
  AGENT_PROXYUSERNAME, AGENT_PROXYBYPASSLIST, and AGENT_PROXYPASSWORD if mapped: $(Agent.ProxyPassword)
  NODE_EXTRA_CA_CERTS                      extra trusted CA certificates (PEM file)
  GITHUB_ACTIONS=true, TF_BUILD=True       inside a job, the token is masked (a command on stderr) first
  RUNNER_DEBUG=1, SYSTEM_DEBUG=true        debug messages on stderr

Which credential: --auth-type if given; else AZURE_CLIENT_SECRET, then --certificate or AZURE_CLIENT_CERTIFICATE_PATH,
then AZURE_FEDERATED_TOKEN_FILE; else the auth type an earlier step recorded; else the job's OIDC token
(GitHub, then Azure DevOps).

Exit codes:
  0  token got (run: CMD's own exit code; 1 if CMD was ended by a signal)
  1  refused: Entra ID, the network or the credential said no (after a request); inspect: not a JWT
  2  usage: unknown flag, missing value, invalid input, no credential found (before any request)

Messages, warnings and errors go to stderr and never hold the token or a secret.
`;
