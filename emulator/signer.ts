// The one key pair behind every token the emulator issues (Entra and AD FS access tokens, GitHub and Azure DevOps
// OIDC tokens), so a test can verify any of them with `Emulator.verify`.

import { randomUUID } from 'node:crypto';
import * as jose from 'jose';

export class Signer {
  private constructor(
    private readonly privateKey: jose.CryptoKey,
    private readonly publicKey: jose.CryptoKey,
  ) {}

  static async create(): Promise<Signer> {
    const { privateKey, publicKey } = await jose.generateKeyPair('RS256');
    return new Signer(privateKey, publicKey);
  }

  /**
   * A JWT with `claims` (`iss`, `sub`, `aud` among them), a fresh `jti`, and `iat` = `nbf` = `nowMs`, valid for
   * `lifetimeSeconds`. `nowMs` is the issuer's clock: the OIDC issuers keep their own (see OidcIssuers).
   */
  sign(claims: jose.JWTPayload, lifetimeSeconds: number, nowMs = Date.now()): Promise<string> {
    const issuedAt = Math.floor(nowMs / 1000);
    return new jose.SignJWT({ ...claims })
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT' })
      .setIssuedAt(issuedAt)
      .setNotBefore(issuedAt)
      .setExpirationTime(issuedAt + lifetimeSeconds)
      .setJti(randomUUID())
      .sign(this.privateKey);
  }

  async verify(token: string, options: jose.JWTVerifyOptions = {}): Promise<jose.JWTPayload> {
    const { payload } = await jose.jwtVerify(token, this.publicKey, options);
    return payload;
  }
}
