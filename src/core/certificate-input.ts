// Turns a certificate or key input into bytes or text, reading at most CERTIFICATE_LIMITS.fileBytes of anything:
// an input is PEM text, base64 text, or a path, and a path is read only if it names a regular file. A FIFO would
// block the open itself, /dev/zero never ends, a directory cannot be read: each is refused before it is opened.

import { type Stats, statSync } from 'node:fs';
import { extname } from 'node:path';
import { readBoundedFile } from './bounded-file.js';
import { CERTIFICATE_LIMITS, FILE_LIMIT_TEXT, kib } from './certificate-limits.js';
import { UserError } from './errors.js';

export type CertificateSource =
  | { readonly form: 'pem'; readonly text: string }
  | { readonly form: 'der-certificate'; readonly bytes: Buffer }
  | { readonly form: 'pfx'; readonly bytes: Buffer };

const PFX_EXTENSIONS = new Set(['.pfx', '.p12']);
const DER_CERT_EXTENSIONS = new Set(['.cer', '.crt', '.der']);
const CERT_FILE = /\.(pem|crt|cer|der|key|pfx|p12)$/i;
const PATH_START = /^[.~]?[/\\]/;
const BASE64 = /^[A-Za-z0-9+/=\s]+$/;
/** Longer than any path a file system takes; such a value is text, and stat() is not asked about it. */
const MAX_PATH = 4096;

/** The certificate input: PEM text, base64 text (PFX or PEM), or a path to any of the usual files. */
export function readCertificateSource(value: string, label: string): CertificateSource {
  refuseLargeText(value, label);
  if (value.includes('-----BEGIN')) return { form: 'pem', text: value };
  const stats = statPath(value, label);
  if (stats) {
    const bytes = readFile(value, stats, label);
    const extension = extname(value).toLowerCase();
    if (PFX_EXTENSIONS.has(extension)) return { form: 'pfx', bytes };
    const text = bytes.toString('utf8');
    if (text.includes('-----BEGIN')) return { form: 'pem', text };
    return { form: DER_CERT_EXTENSIONS.has(extension) ? 'der-certificate' : 'pfx', bytes };
  }
  if (looksLikePath(value)) {
    throw new UserError(
      `Input '${label}': the file '${value}' does not exist. Check the path (relative paths start in the working directory).`,
    );
  }
  if (BASE64.test(value) && value.length >= 64) {
    // The text is at most the cap, so what it decodes to is at most three quarters of it.
    const bytes = Buffer.from(value.replace(/\s+/g, ''), 'base64');
    const text = bytes.toString('utf8');
    return text.includes('-----BEGIN') ? { form: 'pem', text } : { form: 'pfx', bytes };
  }
  throw new UserError(
    `Input '${label}' is neither PEM text, base64 text of a PFX/P12, nor a path to an existing certificate file.`,
  );
}

/** The private key input: PEM text or a path to a PEM file. */
export function readKeyText(value: string, label: string): string {
  refuseLargeText(value, label);
  if (value.includes('-----BEGIN')) return value;
  const stats = statPath(value, label);
  if (stats) return readFile(value, stats, label).toString('utf8');
  throw new UserError(`Input '${label}' is neither PEM text nor a path to an existing key file.`);
}

function refuseLargeText(value: string, label: string): void {
  const bytes = Buffer.byteLength(value);
  if (bytes > CERTIFICATE_LIMITS.fileBytes) {
    throw new UserError(`Input '${label}' is ${kib(bytes)} of text; ${FILE_LIMIT_TEXT}.`);
  }
}

function looksLikePath(value: string): boolean {
  return CERT_FILE.test(value) || PATH_START.test(value);
}

/**
 * What the file system says about a value that may be a path, or undefined when it names nothing. The value may
 * be secret text (base64 of a PFX), so it is echoed only when it looks like a path.
 */
function statPath(value: string, label: string): Stats | undefined {
  if (!value || value.length > MAX_PATH || value.includes('\0')) return undefined;
  try {
    return statSync(value, { throwIfNoEntry: false });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if ((code === 'EACCES' || code === 'EPERM') && looksLikePath(value)) throw cannotRead(value, label, code);
    return undefined;
  }
}

/** The file's bytes, at most the cap, refused in the words of this input. */
function readFile(path: string, stats: Stats, label: string): Buffer {
  return readBoundedFile(path, stats, CERTIFICATE_LIMITS.fileBytes, (problem) => {
    if (problem.kind === 'unreadable') return cannotRead(path, label, problem.code);
    if (problem.kind === 'not-regular') {
      return new UserError(
        `Input '${label}': '${path}' is not a regular file (it is ${problem.what}). Pass the path of a certificate or key file (PEM, DER or PFX/P12), or its content.`,
      );
    }
    const size = problem.bytes === undefined ? `larger than ${kib(CERTIFICATE_LIMITS.fileBytes)}` : kib(problem.bytes);
    return new UserError(`Input '${label}': the file '${path}' is ${size}; ${FILE_LIMIT_TEXT}.`);
  });
}

function cannotRead(path: string, label: string, code: string | undefined): UserError {
  return new UserError(
    `Input '${label}': the file '${path}' cannot be read (${code ?? 'unknown error'}). Check its permissions.`,
  );
}
