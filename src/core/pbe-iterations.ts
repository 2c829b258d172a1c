// How much work a password-based encryption asks for, read from its AlgorithmIdentifier before any key is derived.
// The schemes are those OpenSSL (for PEM keys) and forge (for PFX files) will run; anything else is refused,
// because a scheme whose cost cannot be read cannot be bounded.

import { type Asn1, oid, sequence, unsignedInteger } from './der-reader.js';

const PBES2 = '1.2.840.113549.1.5.13';
const PBKDF2 = '1.2.840.113549.1.5.12';
const SCRYPT = '1.3.6.1.4.1.11591.4.11';

/** PBES1 (PKCS#5 v1.5) and PKCS#12 PBE: both carry `SEQUENCE { salt OCTET STRING, iterations INTEGER }`. */
const SALT_AND_COUNT_SCHEMES = new Set([
  '1.2.840.113549.1.5.1', // pbeWithMD2AndDES-CBC
  '1.2.840.113549.1.5.3', // pbeWithMD5AndDES-CBC
  '1.2.840.113549.1.5.4', // pbeWithMD2AndRC2-CBC
  '1.2.840.113549.1.5.6', // pbeWithMD5AndRC2-CBC
  '1.2.840.113549.1.5.10', // pbeWithSHA1AndDES-CBC
  '1.2.840.113549.1.5.11', // pbeWithSHA1AndRC2-CBC
  '1.2.840.113549.1.12.1.1', // pbeWithSHAAnd128BitRC4
  '1.2.840.113549.1.12.1.2', // pbeWithSHAAnd40BitRC4
  '1.2.840.113549.1.12.1.3', // pbeWithSHAAnd3-KeyTripleDES-CBC
  '1.2.840.113549.1.12.1.4', // pbeWithSHAAnd2-KeyTripleDES-CBC
  '1.2.840.113549.1.12.1.5', // pbeWithSHAAnd128BitRC2-CBC
  '1.2.840.113549.1.12.1.6', // pbewithSHAAnd40BitRC2-CBC
]);

export type PbeCost =
  | { readonly iterations: bigint }
  /** Why the cost cannot be read: an unknown scheme (named by OID) or malformed parameters. */
  | { readonly unreadable: string };

/**
 * The iteration count of an encryption AlgorithmIdentifier (`SEQUENCE { algorithm OID, parameters }`).
 * For scrypt the count is N·r·p: measured here, scrypt with N·r·p = 1,000,000 (N=2^14, r=8, p=8) takes 0.28 s,
 * PBKDF2-SHA256 with 1,000,000 iterations 0.26 s, so one cap bounds both. OpenSSL refuses scrypt needing more
 * than 32 MiB of memory (128·N·r bytes) on its own.
 */
export function pbeCost(algorithmIdentifier: Asn1 | undefined): PbeCost {
  const [schemeNode, parameters] = sequence(algorithmIdentifier) ?? [];
  const scheme = oid(schemeNode);
  if (scheme === undefined) return { unreadable: 'no encryption algorithm' };
  if (SALT_AND_COUNT_SCHEMES.has(scheme)) return counted(unsignedInteger(sequence(parameters)?.[1]), scheme);
  if (scheme !== PBES2) return { unreadable: `encryption scheme ${scheme}` };

  // PBES2-params: SEQUENCE { keyDerivationFunc AlgorithmIdentifier, encryptionScheme AlgorithmIdentifier }
  const [kdfNode, kdfParameters] = sequence(sequence(parameters)?.[0]) ?? [];
  const kdf = oid(kdfNode);
  const fields = sequence(kdfParameters);
  if (kdf === PBKDF2) {
    // PBKDF2-params: SEQUENCE { salt, iterationCount INTEGER, keyLength INTEGER OPTIONAL, prf DEFAULT }
    return counted(unsignedInteger(fields?.[1]), kdf);
  }
  if (kdf === SCRYPT) {
    // scrypt-params: SEQUENCE { salt, costParameter N, blockSize r, parallelizationParameter p, keyLength OPTIONAL }
    const [cost, blockSize, parallelization] = [1, 2, 3].map((index) => unsignedInteger(fields?.[index]));
    if (cost === undefined || blockSize === undefined || parallelization === undefined) {
      return { unreadable: `malformed scrypt parameters` };
    }
    return { iterations: cost * blockSize * parallelization };
  }
  return { unreadable: `key derivation function ${kdf ?? '(missing)'}` };
}

function counted(iterations: bigint | undefined, scheme: string): PbeCost {
  return iterations === undefined ? { unreadable: `malformed parameters for ${scheme}` } : { iterations };
}

/** 8,000,000 — counts in messages, grouped for reading. */
export function formatCount(count: bigint): string {
  return count.toLocaleString('en-US');
}
