// Read-only views of ASN.1 parsed by node-forge, for checking a key or PFX before anything expensive runs.
// forge's DER decoder is linear in its input and limits nesting depth; each helper answers undefined when the
// node is not what the structure calls for, and never changes the tree (forge parses the same tree afterwards).

import forge from 'node-forge';

export type Asn1 = forge.asn1.Asn1;

const { Class, Type } = forge.asn1;

/** The DER (or BER) in a binary string, parsed leniently as forge parses PKCS#12; undefined when unreadable. */
export function decodeDer(bytes: string): Asn1 | undefined {
  try {
    return forge.asn1.fromDer(forge.util.createBuffer(bytes), false);
  } catch {
    return undefined;
  }
}

/** The elements of a SEQUENCE. */
export function sequence(node: Asn1 | undefined): Asn1[] | undefined {
  return node?.tagClass === Class.UNIVERSAL && node.type === Type.SEQUENCE && Array.isArray(node.value)
    ? node.value
    : undefined;
}

/** An OBJECT IDENTIFIER in dotted form. */
export function oid(node: Asn1 | undefined): string | undefined {
  if (node?.tagClass !== Class.UNIVERSAL || node.type !== Type.OID || typeof node.value !== 'string') {
    return undefined;
  }
  try {
    return forge.asn1.derToOid(node.value);
  } catch {
    return undefined;
  }
}

/** Beyond any cap, for integers of more than 8 significant bytes (no need to build a bigint from them). */
export const HUGE = 2n ** 64n;

/**
 * An INTEGER read as unsigned, as forge reads PKCS#12 iteration counts: a negative count then reads as huge,
 * never as small, so a cap on the result cannot be slipped under.
 */
export function unsignedInteger(node: Asn1 | undefined): bigint | undefined {
  if (node?.tagClass !== Class.UNIVERSAL || node.type !== Type.INTEGER || typeof node.value !== 'string') {
    return undefined;
  }
  const digits = node.value.replace(/^\0+/, '');
  if (digits.length > 8) return HUGE;
  return digits ? BigInt(`0x${forge.util.bytesToHex(digits)}`) : 0n;
}

/** The value inside a ContentInfo's `[0] EXPLICIT content`, or a SafeBag's `[0] EXPLICIT bagValue`. */
export function explicitContent(node: Asn1 | undefined): Asn1 | undefined {
  const tagged = sequence(node)?.[1];
  if (tagged?.tagClass !== Class.CONTEXT_SPECIFIC || tagged.type !== 0 || !Array.isArray(tagged.value)) {
    return undefined;
  }
  return tagged.value[0];
}

/**
 * The bytes of an OCTET STRING (or an IMPLICIT one), joining the chunks of a constructed (BER) one one level deep
 * exactly as forge's PKCS#7 reader does, so the bytes checked here are the bytes forge goes on to decrypt.
 */
export function octets(node: Asn1 | undefined): string | undefined {
  if (!node) return undefined;
  if (typeof node.value === 'string') return node.value;
  const chunks = node.value.map((chunk) => chunk.value);
  return chunks.every((chunk): chunk is string => typeof chunk === 'string') ? chunks.join('') : undefined;
}
