// PEM text: its blocks found in one linear pass, its certificates, and its private key, decrypted only after the
// key's password-derivation cost has been read and found within CERTIFICATE_LIMITS.iterations.

import { createPrivateKey, type KeyObject, X509Certificate } from 'node:crypto';
import { ITERATIONS_LIMIT_TEXT, CERTIFICATE_LIMITS } from './certificate-limits.js';
import { decodeDer, sequence } from './der-reader.js';
import { UserError } from './errors.js';
import { formatCount, pbeCost } from './pbe-iterations.js';

export interface PemBlock {
  readonly label: string;
  /** The block from its BEGIN line to its END line, both included. */
  readonly pem: string;
}

/**
 * A BEGIN or END marker, wherever it sits: `cat cert.pem key.pem` of a file without a final newline puts
 * `-----END CERTIFICATE----------BEGIN PRIVATE KEY-----` on one line, and that has always loaded. The label is at
 * most 64 characters, so a failed match costs at most that much backtracking and the whole scan is linear. (The
 * former `BEGIN (…)-----[\s\S]*?-----END \1-----` searched to the end of the text from every BEGIN: quadratic.)
 */
const MARKER = /-----(BEGIN|END) ([A-Z0-9 ]{1,64})-----/g;

/** The blocks in order; a BEGIN without its END is dropped when the next BEGIN comes. */
export function pemBlocks(text: string): PemBlock[] {
  const blocks: PemBlock[] = [];
  let open: { readonly label: string; readonly start: number } | undefined;
  for (const match of text.matchAll(MARKER)) {
    const [marker, kind, label = ''] = match;
    if (kind === 'BEGIN') {
      open = { label, start: match.index };
    } else if (open?.label === label) {
      blocks.push({ label, pem: text.slice(open.start, match.index + marker.length) });
      open = undefined;
    }
  }
  return blocks;
}

export function pemCertificates(blocks: readonly PemBlock[], label: string): X509Certificate[] {
  return blocks
    .filter((block) => block.label === 'CERTIFICATE')
    .map((block) => {
      try {
        return new X509Certificate(block.pem);
      } catch {
        throw new UserError(`Input '${label}' holds a CERTIFICATE block that is not a valid X.509 certificate.`);
      }
    });
}

/** Traditional (OpenSSL 1.0) key labels, the only ones legacy `Proc-Type` encryption applies to. */
const TRADITIONAL_KEY = /^(RSA|EC|DSA) PRIVATE KEY$/;
const LEGACY_ENCRYPTION = /^Proc-Type: *4, *ENCRYPTED *\r?$/m;

/** The first private key block, decrypted with the password if it is encrypted; undefined when there is none. */
export function firstPemKey(
  blocks: readonly PemBlock[],
  label: string,
  password: string,
  passwordLabel: string,
): KeyObject | undefined {
  const block = blocks.find((candidate) => candidate.label.endsWith('PRIVATE KEY'));
  if (!block) return undefined;
  const input = keyInput(block, label);
  if (input.encrypted && !password) {
    throw new UserError(`The private key in '${label}' is encrypted. Pass its passphrase in '${passwordLabel}'.`);
  }
  try {
    return createPrivateKey({ ...input.key, passphrase: input.encrypted ? password : undefined });
  } catch {
    throw new UserError(
      input.encrypted
        ? `The private key in '${label}' cannot be decrypted: '${passwordLabel}' is not its passphrase.`
        : `Input '${label}' holds a ${block.label} block that is not a valid private key.`,
    );
  }
}

interface KeyInput {
  readonly key: { key: string; format: 'pem' } | { key: Buffer; format: 'der'; type: 'pkcs1' | 'pkcs8' | 'sec1' };
  readonly encrypted: boolean;
}

/**
 * What to hand to createPrivateKey, refusing a key whose decryption would cost too much or cannot be costed.
 * Legacy `Proc-Type: 4,ENCRYPTED` keys derive with a single MD5 round: nothing to bound. Any other block is judged
 * by its DER, not its label (a PKCS#8 EncryptedPrivateKeyInfo starts with a SEQUENCE, the algorithm; every
 * unencrypted form with an INTEGER, the version), and that same DER is what OpenSSL then reads, so the bytes
 * checked are the bytes decrypted whatever either base64 decoder makes of odd characters.
 */
function keyInput(block: PemBlock, label: string): KeyInput {
  if (LEGACY_ENCRYPTION.test(block.pem)) {
    if (!TRADITIONAL_KEY.test(block.label)) throw invalidKey(block, label);
    return { key: { key: block.pem, format: 'pem' }, encrypted: true };
  }
  const body = block.pem.slice(`-----BEGIN ${block.label}-----`.length, -`-----END ${block.label}-----`.length);
  const der = Buffer.from(body, 'base64');
  const fields = sequence(decodeDer(der.toString('binary')));
  if (!fields) throw invalidKey(block, label);
  if (!sequence(fields[0])) {
    const type = block.label === 'RSA PRIVATE KEY' ? 'pkcs1' : block.label === 'EC PRIVATE KEY' ? 'sec1' : 'pkcs8';
    return { key: { key: der, format: 'der', type }, encrypted: false };
  }

  const cost = pbeCost(fields[0]);
  if ('unreadable' in cost) {
    throw new UserError(
      `Input '${label}': the encrypted private key uses a password-based encryption this step cannot bound (${cost.unreadable}). Encrypt it with PBES2 and PBKDF2 or scrypt, as 'openssl pkcs8 -topk8' does.`,
    );
  }
  if (cost.iterations > BigInt(CERTIFICATE_LIMITS.iterations)) {
    throw new UserError(
      `Input '${label}': the encrypted private key asks for ${formatCount(cost.iterations)} key-derivation iterations; ${ITERATIONS_LIMIT_TEXT}. Encrypt it again with the defaults, e.g. 'openssl pkcs8 -topk8 -v2 aes-256-cbc'.`,
    );
  }
  return { key: { key: der, format: 'der', type: 'pkcs8' }, encrypted: true };
}

function invalidKey(block: PemBlock, label: string): UserError {
  return new UserError(`Input '${label}' holds a ${block.label} block that is not a valid private key.`);
}
