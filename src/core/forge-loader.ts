// node-forge, loaded on the first certificate credential only. Its public entry builds every module's tables (TLS,
// SSH, Ed25519, prime search…) when loaded: measured at about 45 ms of every run's start-up on this project's
// 2-core machine, paid by secret, federated and managed-identity runs that never read a certificate. A dynamic
// import is the one way to defer a package's public entry; ncc emits it as a chunk beside the bundle.

import type Forge from 'node-forge';

let loaded: typeof Forge | undefined;

export async function loadForge(): Promise<typeof Forge> {
  loaded ??= (await import('node-forge')).default;
  return loaded;
}

/** The loaded node-forge; the certificate loader awaits loadForge() before anything calls this. */
export function forge(): typeof Forge {
  if (!loaded) throw new Error('node-forge is used before loadForge() resolved');
  return loaded;
}
