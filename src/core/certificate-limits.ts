// The bounds on everything the certificate loader reads: a hostile or mistaken input (a huge file, a device, a key
// that asks for billions of password-derivation rounds) fails fast with a message instead of hanging the step.

export const CERTIFICATE_LIMITS: { readonly fileBytes: number; readonly iterations: number } = Object.freeze({
  /** A certificate bundle or PFX is a few KB; a chain of ten certificates with its key stays under 32 KiB. */
  fileBytes: 256 * 1024,
  /**
   * Password-derivation rounds one input may ask for in all. OpenSSL defaults to 2,048; Windows and Key Vault
   * exports use about 2,000; Java keytool 10,000. Measured here: forge's PKCS#12 derivation (pure JavaScript)
   * takes about 1.3 s per 1,000,000 rounds of SHA-1 per 20 bytes of key, Node's PBKDF2 about 0.3 s.
   */
  iterations: 1_000_000,
});

/** Largest RSA modulus accepted: signing with a bigger key costs seconds to hours (Entra ID uses 2,048–4,096). */
export const MAX_RSA_BITS = 16_384;

/** "300 KiB": sizes in errors, rounded up so a file just over the cap never reads as equal to it. */
export function kib(bytes: number): string {
  return `${Math.ceil(bytes / 1024).toLocaleString('en-US')} KiB`;
}

export const FILE_LIMIT_TEXT = `a certificate or key file is at most ${kib(CERTIFICATE_LIMITS.fileBytes)}`;

export const ITERATIONS_LIMIT_TEXT =
  `at most ${CERTIFICATE_LIMITS.iterations.toLocaleString('en-US')} are allowed ` +
  '(OpenSSL, Windows and Key Vault use about 2,000)';
