// Test-time PKI: a throwaway CA for the emulator's HTTPS, and client certificates in every shape users hold.
// Everything is made fresh per run; nothing here is ever a real credential.

import { createPrivateKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import forge from 'node-forge';

export interface KeyAndCertificate {
  /** Unencrypted PKCS#8 PEM. */
  readonly keyPem: string;
  readonly certPem: string;
}

function newRsaKey(): { forgeKey: forge.pki.rsa.PrivateKey; keyPem: string; publicKey: forge.pki.rsa.PublicKey } {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pkcs1 = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  const forgeKey = forge.pki.privateKeyFromPem(pkcs1);
  return {
    forgeKey,
    keyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKey: forge.pki.setRsaPublicKey(forgeKey.n, forgeKey.e),
  };
}

interface CertificateOptions {
  readonly commonName: string;
  readonly issuer?: { cert: forge.pki.Certificate; key: forge.pki.rsa.PrivateKey };
  readonly isCa?: boolean;
  readonly altNames?: readonly string[];
  readonly validDays?: number;
  /** Days from now the certificate became valid; a negative validity makes an expired certificate. */
  readonly startDays?: number;
}

function issue(
  options: CertificateOptions,
): KeyAndCertificate & { cert: forge.pki.Certificate; key: forge.pki.rsa.PrivateKey } {
  const { forgeKey, keyPem, publicKey } = newRsaKey();
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  cert.serialNumber = `01${randomBytes(8).toString('hex')}`;
  const start = Date.now() + (options.startDays ?? -1) * 86_400_000;
  cert.validity.notBefore = new Date(start);
  cert.validity.notAfter = new Date(start + (options.validDays ?? 30) * 86_400_000);
  const subject = [{ name: 'commonName', value: options.commonName }];
  cert.setSubject(subject);
  cert.setIssuer(options.issuer ? options.issuer.cert.subject.attributes : subject);
  const extensions: object[] = [{ name: 'basicConstraints', cA: options.isCa ?? false }];
  if (options.isCa) extensions.push({ name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true });
  if (options.altNames) {
    extensions.push({
      name: 'subjectAltName',
      altNames: options.altNames.map((name) =>
        /^[\d.]+$/.test(name) ? { type: 7, ip: name } : { type: 2, value: name },
      ),
    });
  }
  cert.setExtensions(extensions);
  cert.sign(options.issuer?.key ?? forgeKey, forge.md.sha256.create());
  return { cert, key: forgeKey, keyPem, certPem: forge.pki.certificateToPem(cert) };
}

/** Names no resolver knows: only the test proxy maps them to loopback, so reaching one proves the proxy was used. */
export const PROXY_ONLY_HOSTS = ['login.emulator.test', 'oidc.emulator.test'];

export interface TlsMaterial {
  readonly caPem: string;
  readonly server: KeyAndCertificate;
}

/** A CA and a loopback server certificate it signed; clients trust the CA through NODE_EXTRA_CA_CERTS. */
export function makeTlsMaterial(): TlsMaterial {
  const ca = issue({ commonName: 'entra-token emulator test CA', isCa: true });
  const server = issue({
    commonName: 'localhost',
    issuer: { cert: ca.cert, key: ca.key },
    altNames: ['localhost', '127.0.0.1', ...PROXY_ONLY_HOSTS],
  });
  return { caPem: ca.certPem, server: { keyPem: server.keyPem, certPem: server.certPem } };
}

/** A self-signed client certificate, as users upload to an app registration. */
export function makeClientCertificate(
  commonName = 'entra-token test client',
  validDays = 30,
  startDays = -1,
): KeyAndCertificate {
  const { keyPem, certPem } = issue({ commonName, validDays, startDays });
  return { keyPem, certPem };
}

/** The same key and certificate as a PFX/P12 (3DES, as Windows and most tools write them). */
export function toPfx(credential: KeyAndCertificate, password: string): Buffer {
  const key = forge.pki.privateKeyFromPem(
    createPrivateKey(credential.keyPem).export({ type: 'pkcs1', format: 'pem' }).toString(),
  );
  const asn1 = forge.pkcs12.toPkcs12Asn1(key, [forge.pki.certificateFromPem(credential.certPem)], password, {
    algorithm: '3des',
  });
  return Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary');
}

/** The key as an encrypted PKCS#8 PEM (`-----BEGIN ENCRYPTED PRIVATE KEY-----`). */
export function toEncryptedKeyPem(credential: KeyAndCertificate, passphrase: string): string {
  return createPrivateKey(credential.keyPem)
    .export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase })
    .toString();
}
