// Imported before task-lib, which on load moves these variables out of the environment. task-lib's getInput,
// getVariable and getEndpointAuthorizationParameter write every value they return to the debug log, secrets
// included and before we could mask them; so secret values are read from this copy instead.

const SECRET_BEARING = ['INPUT_', 'ENDPOINT_AUTH_', 'SECRET_'];

export const capturedEnvironment: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(process.env).filter(
    (entry): entry is [string, string] =>
      entry[1] !== undefined && SECRET_BEARING.some((prefix) => entry[0].startsWith(prefix)),
  ),
);

// task-lib reads the agent's proxy password while it loads, and prints it in debug. Mask it before that, with
// the agent's own command (task-lib's escaping: '%' first, then line breaks).
const proxyPassword = capturedEnvironment.SECRET_AGENT_PROXYPASSWORD;
if (proxyPassword) {
  const escaped = proxyPassword.replace(/%/g, '%AZP25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
  process.stdout.write(`##vso[task.setsecret]${escaped}\n`);
}
