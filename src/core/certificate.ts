// Loads a certificate credential from any shape users hold it in, entirely in memory:
// PEM text (certificate, optionally with its key), certificate and key apart, PFX/P12 as a path or base64,
// an encrypted key with its passphrase. Every problem is reported against the input it comes from.

import { createPrivateKey, type KeyObject, X509Certificate } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { extname } from 'node:path';
import type forgeTypes from 'node-forge';
import loadForge from './forge.cjs';
import { UserError } from './errors.js';
import type { Host } from './host.js';
import { registerSecret } from './secrets.js';

export interface ClientCertificate {
  /** Hex SHA-256 of the certificate: MSAL signs PS256 and sends `x5t#S256`. */
  readonly thumbprintSha256: string;
  /** Unencrypted PKCS#8 PEM, never written anywhere. */
  readonly privateKey: string;
  /** The chain as PEM, leaf first, when it is to be sent in `x5c`. */
  readonly x5c?: string;
  readonly subject: string;
  readonly notAfter: Date;
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

interface Parsed {
  readonly certificates: X509Certificate[];
  readonly keys: KeyObject[];
}

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?-----END \1-----/g;
const PFX_EXTENSIONS = new Set(['.pfx', '.p12']);
const DER_CERT_EXTENSIONS = new Set(['.cer', '.crt', '.der']);
const CERT_FILE = /\.(pem|crt|cer|der|key|pfx|p12)$/i;
const BASE64 = /^[A-Za-z0-9+/=\s]+$/;

export function loadCertificate(
  inputs: CertificateInputs,
  labels: CertificateLabels,
  host: Pick<Host, 'setSecret' | 'warning'>,
): ClientCertificate {
  const parsed = parseMaterial(inputs.certificate, labels.certificate, inputs.password, labels.password);
  const keys = inputs.privateKey
    ? parsePemKeys(readText(inputs.privateKey, labels.privateKey), labels.privateKey, inputs.password, labels.password)
    : parsed.keys;

  if (parsed.certificates.length === 0) {
    throw new UserError(
      `Input '${labels.certificate}' holds no certificate. Expected a '-----BEGIN CERTIFICATE-----' block, a PFX/P12, or a path to one.`,
    );
  }
  const key = keys[0];
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
  const leaf = parsed.certificates.find((certificate) => certificate.checkPrivateKey(key));
  if (!leaf) {
    throw new UserError(
      `The private key does not belong to the certificate in '${labels.certificate}' (their public keys differ). Pass the key that was created with this certificate.`,
    );
  }

  const privateKey = key.export({ type: 'pkcs8', format: 'pem' }).toString();
  registerSecret(host, privateKey);

  const notAfter = new Date(leaf.validTo);
  if (notAfter.getTime() < Date.now()) {
    host.warning(
      `The certificate '${leaf.subject.replace(/\n/g, ', ')}' expired on ${notAfter.toISOString()}; Entra ID will refuse it. Renew it and upload the new one to the app registration.`,
    );
  }
  const chain = [leaf, ...parsed.certificates.filter((certificate) => certificate !== leaf)];
  return {
    thumbprintSha256: leaf.fingerprint256.replace(/:/g, '').toLowerCase(),
    privateKey,
    x5c: inputs.sendChain ? chain.map((certificate) => certificate.toString()).join('\n') : undefined,
    subject: leaf.subject.replace(/\n/g, ', '),
    notAfter,
  };
}

/** The certificate input: PEM text, base64 text (PFX or PEM), or a path to any of the usual files. */
function parseMaterial(value: string, label: string, password: string, passwordLabel: string): Parsed {
  if (value.includes('-----BEGIN')) return parsePem(value, label, password, passwordLabel);
  if (existsSync(value)) {
    const bytes = readFile(value, label);
    const extension = extname(value).toLowerCase();
    if (PFX_EXTENSIONS.has(extension)) return parsePfx(bytes, label, password, passwordLabel);
    const text = bytes.toString('utf8');
    if (text.includes('-----BEGIN')) return parsePem(text, label, password, passwordLabel);
    if (DER_CERT_EXTENSIONS.has(extension)) return { certificates: [parseDerCertificate(bytes, label)], keys: [] };
    return parsePfx(bytes, label, password, passwordLabel);
  }
  if (CERT_FILE.test(value) || /^[.~]?[/\\]/.test(value)) {
    throw new UserError(
      `Input '${label}': the file '${value}' does not exist. Check the path (relative paths start in the working directory).`,
    );
  }
  if (BASE64.test(value) && value.length >= 64) {
    const bytes = Buffer.from(value.replace(/\s+/g, ''), 'base64');
    const text = bytes.toString('utf8');
    if (text.includes('-----BEGIN')) return parsePem(text, label, password, passwordLabel);
    return parsePfx(bytes, label, password, passwordLabel);
  }
  throw new UserError(
    `Input '${label}' is neither PEM text, base64 text of a PFX/P12, nor a path to an existing certificate file.`,
  );
}

function readFile(path: string, label: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? 'unknown error';
    throw new UserError(`Input '${label}': the file '${path}' cannot be read (${reason}). Check its permissions.`);
  }
}

/** The private key input: PEM text or a path to a PEM file. */
function readText(value: string, label: string): string {
  if (value.includes('-----BEGIN')) return value;
  if (existsSync(value)) return readFile(value, label).toString('utf8');
  throw new UserError(`Input '${label}' is neither PEM text nor a path to an existing key file.`);
}

function pemBlocks(text: string): { label: string; pem: string }[] {
  return [...text.matchAll(PEM_BLOCK)].map((match) => ({ label: match[1]!, pem: match[0] }));
}

function parsePem(text: string, label: string, password: string, passwordLabel: string): Parsed {
  const certificates = pemBlocks(text)
    .filter((block) => block.label === 'CERTIFICATE')
    .map((block) => {
      try {
        return new X509Certificate(block.pem);
      } catch {
        throw new UserError(`Input '${label}' holds a CERTIFICATE block that is not a valid X.509 certificate.`);
      }
    });
  return { certificates, keys: parsePemKeys(text, label, password, passwordLabel) };
}

function parsePemKeys(text: string, label: string, password: string, passwordLabel: string): KeyObject[] {
  return pemBlocks(text)
    .filter((block) => block.label.endsWith('PRIVATE KEY'))
    .map((block) => {
      const encrypted = block.label.startsWith('ENCRYPTED') || block.pem.includes('ENCRYPTED');
      if (encrypted && !password) {
        throw new UserError(`The private key in '${label}' is encrypted. Pass its passphrase in '${passwordLabel}'.`);
      }
      try {
        return createPrivateKey({ key: block.pem, format: 'pem', passphrase: encrypted ? password : undefined });
      } catch {
        throw new UserError(
          encrypted
            ? `The private key in '${label}' cannot be decrypted: '${passwordLabel}' is not its passphrase.`
            : `Input '${label}' holds a ${block.label} block that is not a valid private key.`,
        );
      }
    });
}

function parseDerCertificate(bytes: Buffer, label: string): X509Certificate {
  try {
    return new X509Certificate(bytes);
  } catch {
    throw new UserError(`Input '${label}' is not a certificate in PEM or DER form.`);
  }
}

/** PFX/P12 through node-forge (Node's crypto cannot read PKCS#12), converted to Node key objects in memory. */
function parsePfx(bytes: Buffer, label: string, password: string, passwordLabel: string): Parsed {
  const forge = loadForge();
  let p12: forgeTypes.pkcs12.Pkcs12Pfx;
  try {
    const asn1 = forge.asn1.fromDer(forge.util.createBuffer(bytes.toString('binary')));
    p12 = forge.pkcs12.pkcs12FromAsn1(asn1, false, password);
  } catch (error) {
    const message = error instanceof Error ? error.message : '';
    if (/MAC could not be verified|Invalid password|decrypt/i.test(message)) {
      throw new UserError(
        password
          ? `The PFX in '${label}' cannot be opened: '${passwordLabel}' is not its password.`
          : `The PFX in '${label}' is protected by a password. Pass it in '${passwordLabel}'.`,
      );
    }
    throw new UserError(`Input '${label}' is not a readable PFX/P12 file (or base64 of one), nor PEM text.`);
  }
  const bags = (type: string): forgeTypes.pkcs12.Bag[] => p12.getBags({ bagType: type })[type] ?? [];
  const certificates = bags(forge.pki.oids.certBag!).flatMap((bag) =>
    bag.cert ? [new X509Certificate(forge.pki.certificateToPem(bag.cert))] : [],
  );
  const keyBags = [...bags(forge.pki.oids.pkcs8ShroudedKeyBag!), ...bags(forge.pki.oids.keyBag!)];
  const keys = keyBags.map((bag) => {
    if (!bag.key) {
      throw new UserError(
        `The PFX in '${label}' holds a key that is not RSA; Entra ID signs client assertions with RSA keys only.`,
      );
    }
    return createPrivateKey(forge.pki.privateKeyToPem(bag.key));
  });
  return { certificates, keys };
}
