// The one scope client credentials take: `<resource>/.default`, with the resource exactly as the user wrote it.

import { UserError } from './errors.js';

const DEFAULT_SCOPE = 'https://graph.microsoft.com/.default';
/** What a resource identifier may hold: URI characters, without a fragment or brackets (`#`, `[`, `]`). */
const SCOPE_CHARACTERS = /^[A-Za-z0-9\-._~:/?@!$&'()*+,;=%]+$/;
const PERMISSION_NAME = /^[A-Za-z]+(\.[A-Za-z]+)+$/;

/**
 * A bare resource gets `/.default` appended, exactly as written (a trailing slash is kept:
 * `https://management.core.windows.net/` names a different resource without it); a delegated permission
 * (`…/User.Read.All`) would fail at Entra with AADSTS70011, so it is refused here with the fix.
 */
export function normalizeScope(raw: string, label: string): string {
  const value = raw.trim() || DEFAULT_SCOPE;
  if (/[\s,]/.test(value)) {
    throw new UserError(
      `Input '${label}' holds several scopes or white space. Client credentials get a token for one resource at a time: use one '<resource>/.default' per step.`,
    );
  }
  if (!SCOPE_CHARACTERS.test(value)) {
    throw new UserError(
      `Input '${label}' holds characters a resource URI cannot ('#', '[', ']', quotes, '<', '>', '\\' and the like). Use '<resource>/.default', e.g. https://graph.microsoft.com/.default or api://<app-id>/.default.`,
    );
  }
  if (value.endsWith('/.default')) return value;
  const resource = URL.canParse(value) ? new URL(value) : undefined;
  const path = resource?.pathname.replace(/\/+$/, '') ?? '';
  // Not a URL (an application ID GUID), an api:// URI, or a host alone: the resource itself.
  if (!resource || resource.protocol === 'api:' || path === '') return `${value}/.default`;
  const lastSegment = path.slice(path.lastIndexOf('/') + 1);
  if (PERMISSION_NAME.test(lastSegment) && !value.endsWith('/')) {
    const base = value.slice(0, value.length - lastSegment.length).replace(/\/+$/, '');
    throw new UserError(
      `Input '${label}' is '${value}', a delegated permission. Client credentials cannot ask for single permissions: use '${base}/.default', and grant '${lastSegment}' to the app as an application permission (with admin consent).`,
    );
  }
  // A resource with a path, e.g. https://contoso.com/api.
  return `${value}/.default`;
}
