// PFX/P12 through node-forge (Node's crypto cannot read PKCS#12), converted to Node objects in memory.
// forge derives a key for the MAC and for every encrypted part with whatever iteration count the file states,
// in pure JavaScript, so every count is read and totalled first; the file is handed to forge only within budget.

import { createPrivateKey, type KeyObject, X509Certificate } from 'node:crypto';
import type Forge from 'node-forge';
import { forge } from './forge-loader.js';
import { CERTIFICATE_LIMITS, ITERATIONS_LIMIT_TEXT } from './certificate-limits.js';
import { type Asn1, decodeDer, explicitContent, octets, oid, sequence, unsignedInteger } from './der-reader.js';
import { UserError } from './errors.js';
import { formatCount, pbeCost } from './pbe-iterations.js';

export interface PfxContents {
  readonly certificates: X509Certificate[];
  readonly keys: KeyObject[];
}

export function readPfx(bytes: Buffer, label: string, password: string, passwordLabel: string): PfxContents {
  const pfx = decodeDer(bytes.toString('binary'));
  if (!pfx) throw notPfx(label);
  checkIterations(pfx, label, password);
  let p12: Forge.pkcs12.Pkcs12Pfx;
  try {
    p12 = forge().pkcs12.pkcs12FromAsn1(pfx, false, password);
  } catch (error) {
    const message = error instanceof Error ? error.message : '';
    if (/MAC could not be verified|Invalid password|decrypt/i.test(message)) {
      throw new UserError(
        password
          ? `The PFX in '${label}' cannot be opened: '${passwordLabel}' is not its password.`
          : `The PFX in '${label}' is protected by a password. Pass it in '${passwordLabel}'.`,
      );
    }
    throw notPfx(label);
  }
  const bags = (type: string): Forge.pkcs12.Bag[] => p12.getBags({ bagType: type })[type] ?? [];
  // forge parses RSA certificates only; any other is kept as ASN.1 and read by Node, to be named in the RSA error.
  const certificates = bags(forge().pki.oids.certBag!).flatMap((bag) => {
    if (bag.cert) return [new X509Certificate(forge().pki.certificateToPem(bag.cert))];
    return bag.asn1 ? [new X509Certificate(Buffer.from(forge().asn1.toDer(bag.asn1).getBytes(), 'binary'))] : [];
  });
  const keyBags = [...bags(forge().pki.oids.pkcs8ShroudedKeyBag!), ...bags(forge().pki.oids.keyBag!)];
  const keys = keyBags.map((bag) => {
    if (!bag.key) {
      throw new UserError(
        `The PFX in '${label}' holds a key that is not RSA; Entra ID signs client assertions with RSA keys only.`,
      );
    }
    return createPrivateKey(forge().pki.privateKeyToPem(bag.key));
  });
  return { certificates, keys };
}

const OIDS = {
  data: '1.2.840.113549.1.7.1',
  encryptedData: '1.2.840.113549.1.7.6',
  shroudedKeyBag: '1.2.840.113549.1.12.10.1.2',
};

/** One key derivation forge will run: its part of the file and its iteration count. */
interface Derivation {
  readonly part: string;
  readonly iterations: bigint;
}

/**
 * Refuses the PFX when the derivations forge will run add up to more than the cap, before any of them runs.
 * Visible without the password: the MAC (MacData.iterations, default 1), each encrypted SafeContents
 * (EncryptedContentInfo's algorithm) and each shrouded key bag in an unencrypted SafeContents. A key bag inside an
 * encrypted SafeContents shows only after decrypting it, so each encrypted SafeContents is decrypted here once the
 * visible total passes (at most the cap, which is the bound on this extra work), and its key bags are added. If
 * that decryption fails (wrong password, unsupported cipher, garbage), forge fails at the same SafeContents, as it
 * runs the same cipher on the same bytes, before reaching any key bag inside it. OpenSSL, Windows and forge put
 * the key in an unencrypted SafeContents and the certificates in an encrypted one; the decryption measured here
 * costs 3 ms at 2,048 iterations, about 3.8 s at 1,000,000 (3DES: 24 key bytes and 8 IV bytes, SHA-1, in JS).
 */
function checkIterations(pfx: Asn1, label: string, password: string): void {
  const [, authSafe, macData] = sequence(pfx) ?? [];
  const derivations: Derivation[] = [];
  const mac = sequence(macData);
  if (mac) derivations.push({ part: 'MAC', iterations: mac[2] ? required(unsignedInteger(mac[2]), label) : 1n });
  const contentInfos = sequence(decodeDer(required(octets(explicitContent(authSafe)), label)));
  if (!contentInfos) throw notPfx(label);

  const encrypted: { readonly algorithm: Asn1 | undefined; readonly content: Asn1 | undefined }[] = [];
  for (const contentInfo of contentInfos) {
    const type = oid(sequence(contentInfo)?.[0]);
    if (type === OIDS.data) {
      derivations.push(...keyBagDerivations(octets(explicitContent(contentInfo)), label));
    } else if (type === OIDS.encryptedData) {
      // EncryptedData: SEQUENCE { version, EncryptedContentInfo { contentType, algorithm, [0] IMPLICIT content } }
      const [, algorithm, content] = sequence(sequence(explicitContent(contentInfo))?.[1]) ?? [];
      derivations.push(derivation('encrypted contents', algorithm, label));
      encrypted.push({ algorithm, content });
    }
  }
  refuseOverBudget(derivations, label);

  for (const { algorithm, content } of encrypted) {
    const safeContents = decryptSafeContents(algorithm, content, password);
    if (safeContents === undefined) break;
    derivations.push(...keyBagDerivations(safeContents, label, 'encrypted key'));
  }
  refuseOverBudget(derivations, label);
}

/** The derivations of the shrouded key bags in a SafeContents (`SEQUENCE OF SafeBag`). */
function keyBagDerivations(safeContents: string | undefined, label: string, part = 'private key'): Derivation[] {
  const bags = sequence(decodeDer(required(safeContents, label)));
  if (!bags) throw notPfx(label);
  return bags
    .filter((bag) => oid(sequence(bag)?.[0]) === OIDS.shroudedKeyBag)
    .map((bag) => derivation(part, sequence(explicitContent(bag))?.[0], label)); // EncryptedPrivateKeyInfo.algorithm
}

function derivation(part: string, algorithmIdentifier: Asn1 | undefined, label: string): Derivation {
  const cost = pbeCost(algorithmIdentifier);
  if ('unreadable' in cost) {
    throw new UserError(
      `Input '${label}': the PFX's ${part} uses a password-based encryption this step cannot read (${cost.unreadable}). Export it again with 3DES or AES-256 encryption.`,
    );
  }
  return { part, iterations: cost.iterations };
}

/** forge's own PBE entry, present at runtime on its public `pki` namespace though absent from @types/node-forge. */
const pbe = () =>
  (
    forge().pki as unknown as {
      pbe: { getCipher(oid: string, parameters: Asn1 | undefined, password: string): Forge.cipher.BlockCipher };
    }
  ).pbe;

/** The plaintext SafeContents, as forge's PKCS#12 reader decrypts it; undefined where forge would fail too. */
function decryptSafeContents(
  algorithm: Asn1 | undefined,
  content: Asn1 | undefined,
  password: string,
): string | undefined {
  const [schemeNode, parameters] = sequence(algorithm) ?? [];
  const scheme = oid(schemeNode);
  const ciphertext = octets(content);
  if (scheme === undefined || ciphertext === undefined) return undefined;
  try {
    const cipher = pbe().getCipher(scheme, parameters, password);
    cipher.update(forge().util.createBuffer(ciphertext));
    return cipher.finish() ? cipher.output.getBytes() : undefined;
  } catch {
    return undefined;
  }
}

function refuseOverBudget(derivations: readonly Derivation[], label: string): void {
  const total = derivations.reduce((sum, { iterations }) => sum + iterations, 0n);
  if (total <= BigInt(CERTIFICATE_LIMITS.iterations)) return;
  const parts = derivations.map(({ part, iterations }) => `${part} ${formatCount(iterations)}`).join(', ');
  throw new UserError(
    `Input '${label}': the PFX asks for ${formatCount(total)} key-derivation iterations in all (${parts}); ${ITERATIONS_LIMIT_TEXT}. Export it again with the default settings.`,
  );
}

function required<T>(value: T | undefined, label: string): T {
  if (value === undefined) throw notPfx(label);
  return value;
}

function notPfx(label: string): UserError {
  return new UserError(`Input '${label}' is not a readable PFX/P12 file (or base64 of one), nor PEM text.`);
}
