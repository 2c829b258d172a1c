// `--certificate` and `--private-key` take file paths only. The core also reads PEM or base64 text in those
// inputs (action inputs come from a secret store), but on a command line such text is a private key in the
// process list and the shell history: refused before it is read, and never echoed.

import { existsSync } from 'node:fs';
import type { Flags } from './arguments.js';
import { UsageError } from './arguments.js';

const BASE64_BLOB = /^[A-Za-z0-9+/=]{64,}$/;

export function refuseInlineCredential(flags: Flags): void {
  for (const flag of ['certificate', 'private-key'] as const) {
    const value = flags[flag]?.trim();
    if (!value) continue;
    const inline =
      value.includes('-----BEGIN') || /[\r\n]/.test(value) || (BASE64_BLOB.test(value) && !existsSync(value));
    if (inline) {
      throw new UsageError(
        `'--${flag}' takes a file path, not the certificate or key itself: on a command line it would show in process lists and shell history. ` +
          'Write it to a file (PEM, or PFX/P12 with AZURE_CLIENT_CERTIFICATE_PASSWORD), or set AZURE_CLIENT_CERTIFICATE_PATH.',
      );
    }
  }
}
