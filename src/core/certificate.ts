// Loads a certificate credential from any shape users hold it in, entirely in memory:
// PEM text (certificate, optionally with its key), certificate and key apart (text or paths), DER .cer/.crt,
// PFX/P12 as a path or base64 with or without a password, an encrypted key with its passphrase.
// Everything read is bounded (CERTIFICATE_LIMITS): file kind and size, a linear PEM scan, and the iteration counts
// of every password derivation, checked before it runs. Every problem is reported against the input it comes
// from, without the password or key material; nothing is printed, warnings are returned.

import { type KeyObject, X509Certificate } from 'node:crypto';
import { readCertificateSource, readKeyText } from './certificate-input.js';
import { MAX_RSA_BITS } from './certificate-limits.js';
import { UserError } from './errors.js';
import { loadForge } from './forge-loader.js';
import { firstPemKey, pemBlocks, pemCertificates } from './pem.js';
import { readPfx } from './pfx.js';

export { CERTIFICATE_LIMITS } from './certificate-limits.js';

export interface ClientCertificate {
  /** Hex SHA-256 of the certificate: MSAL signs PS256 and sends `x5t#S256`. */
  readonly thumbprintSha256: string;
  /** Unencrypted PKCS#8 PEM, never written anywhere. The caller masks it. */
  readonly privateKey: string;
  /** The chain as PEM, leaf first, when it is to be sent in `x5c`. */
  readonly x5c?: string;
}

export interface CertificateInputs {
  readonly certificate: string;
  readonly privateKey: string;
  readonly password: string;
  readonly sendChain: boolean;
}

/** The input names to put in error messages. */
export interface CertificateLabels {
  readonly certificate: string;
  readonly privateKey: string;
  readonly password: string;
}

export interface LoadedCertificate {
  readonly certificate: ClientCertificate;
  /** E.g. "the certificate … expired on …". */
  readonly warnings: readonly string[];
}

/** Subjects are set by whoever made the certificate; a warning quotes at most this much of one. */
const MAX_SUBJECT_CHARS = 200;

export async function loadCertificate(
  inputs: CertificateInputs,
  labels: CertificateLabels,
  now: number = Date.now(),
): Promise<LoadedCertificate> {
  // Every certificate credential may need it (a PFX, a key whose DER is checked before decryption); nothing else does.
  await loadForge();
  return parseCertificate(inputs, labels, now);
}

/** loadCertificate once node-forge is loaded (tests load it first and call this directly). */
export function parseCertificate(
  inputs: CertificateInputs,
  labels: CertificateLabels,
  now: number = Date.now(),
): LoadedCertificate {
  const material = readMaterial(inputs, labels);
  if (material.certificates.length === 0) {
    throw new UserError(
      `Input '${labels.certificate}' holds no certificate. Expected a '-----BEGIN CERTIFICATE-----' block, a PFX/P12, or a path to one.`,
    );
  }
  const key = material.key;
  if (!key) {
    throw new UserError(
      `No private key found for the certificate in '${labels.certificate}'. Append the '-----BEGIN PRIVATE KEY-----' block to it, or pass the key in '${labels.privateKey}'.`,
    );
  }
  if (key.asymmetricKeyType !== 'rsa') {
    throw new UserError(
      `The private key for '${labels.certificate}' is ${key.asymmetricKeyType ?? 'of an unknown type'}; Entra ID signs client assertions with RSA keys only. Create an RSA certificate.`,
    );
  }
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
  if (bits > MAX_RSA_BITS) {
    throw new UserError(
      `Input '${material.keyLabel}': the private key is a ${bits.toLocaleString('en-US')}-bit RSA key; at most ${MAX_RSA_BITS.toLocaleString('en-US')} bits are accepted (Entra ID certificates use 2,048 to 4,096).`,
    );
  }
  const leaf = material.certificates.find((certificate) => certificate.checkPrivateKey(key));
  if (!leaf) {
    throw new UserError(
      `The private key does not belong to the certificate in '${labels.certificate}' (their public keys differ). Pass the key that was created with this certificate.`,
    );
  }

  const warnings: string[] = [];
  const notAfter = new Date(leaf.validTo);
  if (notAfter.getTime() < now) {
    const subject = leaf.subject.replace(/\n/g, ', ').slice(0, MAX_SUBJECT_CHARS);
    warnings.push(
      `The certificate '${subject}' expired on ${notAfter.toISOString()}; Entra ID will refuse it. Renew it and upload the new one to the app registration.`,
    );
  }
  const chain = [leaf, ...material.certificates.filter((certificate) => certificate !== leaf)];
  const certificate: ClientCertificate = {
    thumbprintSha256: leaf.fingerprint256.replace(/:/g, '').toLowerCase(),
    privateKey: key.export({ type: 'pkcs8', format: 'pem' }).toString(),
    ...(inputs.sendChain ? { x5c: chain.map((entry) => entry.toString()).join('\n') } : {}),
  };
  return { certificate, warnings };
}

interface Material {
  readonly certificates: X509Certificate[];
  readonly key: KeyObject | undefined;
  /** The input the key came from, for errors about the key. */
  readonly keyLabel: string;
}

/** The certificates from the certificate input; the key from the key input if given, else from the certificate. */
function readMaterial(inputs: CertificateInputs, labels: CertificateLabels): Material {
  const source = readCertificateSource(inputs.certificate, labels.certificate);
  const keyLabel = inputs.privateKey ? labels.privateKey : labels.certificate;
  const separateKey = (): KeyObject | undefined => {
    if (!inputs.privateKey) return undefined;
    const blocks = pemBlocks(readKeyText(inputs.privateKey, labels.privateKey));
    return firstPemKey(blocks, labels.privateKey, inputs.password, labels.password);
  };

  switch (source.form) {
    case 'pem': {
      const blocks = pemBlocks(source.text);
      const certificates = pemCertificates(blocks, labels.certificate);
      const key = inputs.privateKey
        ? separateKey()
        : firstPemKey(blocks, labels.certificate, inputs.password, labels.password);
      return { certificates, key, keyLabel };
    }
    case 'der-certificate':
      return { certificates: [derCertificate(source.bytes, labels.certificate)], key: separateKey(), keyLabel };
    case 'pfx': {
      const pfx = readPfx(source.bytes, labels.certificate, inputs.password, labels.password);
      return { certificates: pfx.certificates, key: inputs.privateKey ? separateKey() : pfx.keys[0], keyLabel };
    }
  }
}

function derCertificate(bytes: Buffer, label: string): X509Certificate {
  try {
    return new X509Certificate(bytes);
  } catch {
    throw new UserError(`Input '${label}' is not a certificate in PEM or DER form.`);
  }
}
