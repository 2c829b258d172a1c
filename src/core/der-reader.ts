// Read-only views of ASN.1 parsed by node-forge, for checking a key or PFX before anything expensive runs.
// forge's DER decoder is linear in its input and limits nesting depth; each helper answers undefined when the
// node is not what the structure calls for, and never changes the tree (forge parses the same tree afterwards).

import type Forge from 'node-forge';
import { forge } from './forge-loader.js';

export type Asn1 = Forge.asn1.Asn1;

/** The DER (or BER) in a binary string, parsed leniently as forge parses PKCS#12; undefined when unreadable. */
export function decodeDer(bytes: string): Asn1 | undefined {
  try {
    return forge().asn1.fromDer(forge().util.createBuffer(bytes), false);
  } catch {
    return undefined;
  }
}

/** The elements of a SEQUENCE. */
export function sequence(node: Asn1 | undefined): Asn1[] | undefined {
  return node?.tagClass === forge().asn1.Class.UNIVERSAL &&
    node.type === forge().asn1.Type.SEQUENCE &&
    Array.isArray(node.value)
    ? node.value
    : undefined;
}

/** The bytes of a primitive universal node of this type, as forge holds them (a binary string). */
function primitive(node: Asn1 | undefined, type: number): string | undefined {
  const { Class } = forge().asn1;
  return node?.tagClass === Class.UNIVERSAL && node.type === type && typeof node.value === 'string'
    ? node.value
    : undefined;
}

/** An OBJECT IDENTIFIER in dotted form. */
export function oid(node: Asn1 | undefined): string | undefined {
  const value = primitive(node, forge().asn1.Type.OID);
  if (value === undefined) return undefined;
  try {
    return forge().asn1.derToOid(value);
  } catch {
    return undefined;
  }
}

/** Beyond any cap, for integers of more than 8 significant bytes (no need to build a bigint from them). */
const HUGE = 2n ** 64n;

/**
 * An INTEGER read as unsigned, as forge reads PKCS#12 iteration counts: a negative count then reads as huge,
 * never as small, so a cap on the result cannot be slipped under.
 */
export function unsignedInteger(node: Asn1 | undefined): bigint | undefined {
  const value = primitive(node, forge().asn1.Type.INTEGER);
  if (value === undefined) return undefined;
  const digits = value.replace(/^\0+/, '');
  if (digits.length > 8) return HUGE;
  return digits ? BigInt(`0x${forge().util.bytesToHex(digits)}`) : 0n;
}

/** The value inside a ContentInfo's `[0] EXPLICIT content`, or a SafeBag's `[0] EXPLICIT bagValue`. */
export function explicitContent(node: Asn1 | undefined): Asn1 | undefined {
  const tagged = sequence(node)?.[1];
  if (tagged?.tagClass !== forge().asn1.Class.CONTEXT_SPECIFIC || tagged.type !== 0 || !Array.isArray(tagged.value)) {
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
