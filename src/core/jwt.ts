// Reads a JWT's claims without verifying it: they are for diagnosis and display only, never for trust.

export type Claims = Readonly<Record<string, unknown>>;

export function decodeJwtPayload(token: string): Claims | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  try {
    const claims: unknown = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8'));
    return claims !== null && typeof claims === 'object' && !Array.isArray(claims) ? (claims as Claims) : undefined;
  } catch {
    return undefined;
  }
}
