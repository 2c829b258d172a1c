// Over-limit PKCS#8 keys and PFX files for the certificate loader's tests, built by editing one INTEGER in the DER
// of normally made material (parse with forge, change a node, serialise again: lengths are recomputed), so nothing
// slow is ever created.

import { createPrivateKey } from 'node:crypto';
import forge from 'node-forge';
import { type KeyAndCertificate, toEncryptedKeyPem, toPfx } from '../../emulator/pki.js';

export type Asn1 = forge.asn1.Asn1;
export const der = (bytes: Buffer): Asn1 => forge.asn1.fromDer(bytes.toString('binary'));
export const bytesOf = (node: Asn1): Buffer => Buffer.from(forge.asn1.toDer(node).getBytes(), 'binary');
export const at = (node: Asn1, ...path: number[]): Asn1 => path.reduce((n, i) => (n.value as Asn1[])[i]!, node);
export const setInteger = (node: Asn1, value: number) => (node.value = forge.asn1.integerToDer(value).getBytes());
const { Class, Type } = forge.asn1;
export { Class, Type };
export const make = (type: number, value: string | Asn1[], tagClass = Class.UNIVERSAL) =>
  forge.asn1.create(tagClass, type, Array.isArray(value), value);
export const oidNode = (oid: string) => make(Type.OID, forge.asn1.oidToDer(oid).getBytes());
const explicit = (value: Asn1) => make(0, [value], Class.CONTEXT_SPECIFIC);
const octetString = (node: Asn1) => make(Type.OCTETSTRING, forge.asn1.toDer(node).getBytes());
export const oids = forge.pki.oids;
export const integer = (n: number) => make(Type.INTEGER, forge.asn1.integerToDer(n).getBytes());

/** Builders over one credential and its password. */
export function derBuilders(cred: KeyAndCertificate, password: string) {
  /** An encrypted PKCS#8 PEM whose PBKDF2 iteration count reads `count` (the key itself no longer decrypts). */
  function keyWithIterations(count: number): string {
    const epki = der(Buffer.from(toEncryptedKeyPem(cred, password).replace(/-----[^-]+-----|\s/g, ''), 'base64'));
    setInteger(at(epki, 0, 1, 0, 1, 1), count); // algorithm → PBES2-params → keyDerivationFunc → PBKDF2-params → count
    return forge.pem.encode({ type: 'ENCRYPTED PRIVATE KEY', body: forge.asn1.toDer(epki).getBytes() });
  }

  /** forge's PFX (authSafe = [certificates, key], neither encrypted: forge encrypts only the key) with edits to its MAC and to its authSafe. */
  function editedPfx(edit: (pfx: Asn1, authSafe: Asn1) => void): Buffer {
    const pfx = der(toPfx(cred, password));
    const content = at(pfx, 1, 1, 0);
    const authSafe = forge.asn1.fromDer(content.value as string);
    edit(pfx, authSafe);
    content.value = forge.asn1.toDer(authSafe).getBytes();
    return bytesOf(pfx);
  }

  /** A SafeBag holding the key as an EncryptedPrivateKeyInfo whose PBKDF2 count reads `count`. */
  function keyBag(count: number): Asn1 {
    const pkcs1 = createPrivateKey(cred.keyPem).export({ type: 'pkcs1', format: 'pem' }).toString();
    const info = forge.pki.wrapRsaPrivateKey(forge.pki.privateKeyToAsn1(forge.pki.privateKeyFromPem(pkcs1)));
    const epki = forge.pki.encryptPrivateKeyInfo(info, password, { algorithm: 'aes256', count: 2048 });
    setInteger(at(epki, 0, 1, 0, 1, 1), count);
    return make(Type.SEQUENCE, [oidNode(oids.pkcs8ShroudedKeyBag!), explicit(epki)]);
  }

  function certBag(): Asn1 {
    const certDer = forge.asn1.toDer(forge.pki.certificateToAsn1(forge.pki.certificateFromPem(cred.certPem)));
    const x509 = make(Type.SEQUENCE, [
      oidNode(oids.x509Certificate!),
      explicit(make(Type.OCTETSTRING, certDer.getBytes())),
    ]);
    return make(Type.SEQUENCE, [oidNode(oids.certBag!), explicit(x509)]);
  }

  /** A PFX without MAC, as OpenSSL lays one out: some bags in an AES-encrypted SafeContents, the others in clear. */
  function builtPfx(encrypted: Asn1[], clear: Asn1[], encryptionCount = 2048): Buffer {
    const sealed = forge.pki.encryptPrivateKeyInfo(make(Type.SEQUENCE, encrypted), password, {
      algorithm: 'aes256',
      count: 2048,
    });
    setInteger(at(sealed, 0, 1, 0, 1, 1), encryptionCount);
    const encryptedData = make(Type.SEQUENCE, [
      integer(0),
      make(Type.SEQUENCE, [oidNode(oids.data!), at(sealed, 0), make(0, at(sealed, 1).value, Class.CONTEXT_SPECIFIC)]),
    ]);
    const authSafe = make(Type.SEQUENCE, [
      make(Type.SEQUENCE, [oidNode(oids.encryptedData!), explicit(encryptedData)]),
      make(Type.SEQUENCE, [oidNode(oids.data!), explicit(octetString(make(Type.SEQUENCE, clear)))]),
    ]);
    const authSafeInfo = make(Type.SEQUENCE, [oidNode(oids.data!), explicit(octetString(authSafe))]);
    return bytesOf(make(Type.SEQUENCE, [integer(3), authSafeInfo]));
  }
  return { keyWithIterations, editedPfx, keyBag, certBag, builtPfx };
}
