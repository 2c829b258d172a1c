// Imported before task-lib, which on load moves these variables out of the environment. task-lib's getInput,
// getVariable and getEndpointAuthorizationParameter write every value they return to the debug log, secrets
// included and before we could mask them; so secret values are read from this copy instead, and masked first.

const SECRET_BEARING = ['INPUT_', 'ENDPOINT_AUTH_', 'SECRET_'];

export const capturedEnvironment: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(process.env).filter(
    (entry): entry is [string, string] =>
      entry[1] !== undefined && SECRET_BEARING.some((prefix) => entry[0].startsWith(prefix)),
  ),
);
