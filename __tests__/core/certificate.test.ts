// The certificate loader: every shape users hold a credential in loads, and every bound on what it reads refuses
// with a message naming the input and the limit. Over-limit inputs are built by editing one INTEGER in the DER of
// normally made material, so nothing slow is ever created; each check refuses before any expensive work.

import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import forge from 'node-forge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeClientCertificate, makeTlsMaterial, toEncryptedKeyPem, toPfx } from '../../emulator/pki.js';
import { CERTIFICATE_LIMITS, parseCertificate, type CertificateInputs } from '../../src/core/certificate.js';
import { loadForge } from '../../src/core/forge-loader.js';
import { type Asn1, at, der, derBuilders, integer, make, oidNode, setInteger, Type } from '../helpers/der-builders.js';
import { userErrorOf } from '../helpers/user-error.js';

const LABELS = { certificate: 'certificate', privateKey: 'private-key', password: 'certificate-password' };
const PASSWORD = 'pfx-pass-4711';
const cred = makeClientCertificate();
const tls = makeTlsMaterial();
let dir = '';
const file = (name: string, content: string | Buffer): string => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

const load = (inputs: Partial<CertificateInputs>, now?: number) =>
  parseCertificate({ certificate: '', privateKey: '', password: '', sendChain: false, ...inputs }, LABELS, now);
const errorOf = (inputs: Partial<CertificateInputs>): string => userErrorOf(() => load(inputs));
const { keyWithIterations, editedPfx, keyBag, certBag, builtPfx } = derBuilders(cred, PASSWORD);
const thumbprint = (pem: string) => new X509Certificate(pem).fingerprint256.replace(/:/g, '').toLowerCase();

beforeAll(async () => {
  await loadForge();
  dir = mkdtempSync(join(tmpdir(), 'certificate-test-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('loadCertificate: supported shapes', () => {
  it('loads PEM text holding the certificate and its key', () => {
    const { certificate, warnings } = load({ certificate: cred.certPem + cred.keyPem });
    expect(certificate.thumbprintSha256).toBe(thumbprint(cred.certPem));
    expect(certificate.privateKey).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(certificate.x5c).toBeUndefined();
    expect(warnings).toEqual([]);
  });

  it('loads a file made by cat of a certificate without a final newline and its key', () => {
    expect(load({ certificate: cred.certPem.trimEnd() + cred.keyPem }).certificate.thumbprintSha256).toBe(
      thumbprint(cred.certPem),
    );
  });

  it('loads certificate and key apart, as text and as paths, and a DER .cer', () => {
    const cerPath = file('client.cer', Buffer.from(new X509Certificate(cred.certPem).raw));
    for (const inputs of [
      { certificate: cred.certPem, privateKey: cred.keyPem },
      { certificate: file('client.pem', cred.certPem), privateKey: file('client.key', cred.keyPem) },
      { certificate: cerPath, privateKey: cred.keyPem },
    ]) {
      expect(load(inputs).certificate.thumbprintSha256).toBe(thumbprint(cred.certPem));
    }
  });

  it('loads a PFX by path and as base64, with or without a password', () => {
    const pfx = toPfx(cred, PASSWORD);
    for (const inputs of [
      { certificate: file('client.pfx', pfx), password: PASSWORD },
      { certificate: pfx.toString('base64'), password: PASSWORD },
      { certificate: file('open.p12', toPfx(cred, '')) },
    ]) {
      expect(load(inputs).certificate.thumbprintSha256).toBe(thumbprint(cred.certPem));
    }
  });

  it('loads a PFX whose key sits inside the encrypted contents', () => {
    const loaded = load({ certificate: builtPfx([keyBag(2048)], [certBag()]).toString('base64'), password: PASSWORD });
    expect(loaded.certificate.thumbprintSha256).toBe(thumbprint(cred.certPem));
  });

  it('decrypts PKCS#8 and legacy encrypted keys with the passphrase, and says when it is wrong or missing', () => {
    const legacy = createPrivateKey(cred.keyPem)
      .export({ type: 'pkcs1', format: 'pem', cipher: 'aes-256-cbc', passphrase: PASSWORD })
      .toString();
    expect(legacy).toContain('Proc-Type: 4,ENCRYPTED');
    for (const key of [toEncryptedKeyPem(cred, PASSWORD), legacy]) {
      expect(load({ certificate: cred.certPem, privateKey: key, password: PASSWORD }).certificate.privateKey).toBe(
        createPrivateKey(cred.keyPem).export({ type: 'pkcs8', format: 'pem' }),
      );
      const wrong = errorOf({ certificate: cred.certPem, privateKey: key, password: 'not-it-123' });
      expect(wrong).toBe(
        "The private key in 'private-key' cannot be decrypted: 'certificate-password' is not its passphrase.",
      );
      expect(errorOf({ certificate: cred.certPem, privateKey: key })).toContain(
        "Pass its passphrase in 'certificate-password'",
      );
    }
  });

  it('sends the chain leaf first, whatever the order in the file', () => {
    const { certificate } = load({ certificate: tls.caPem + tls.server.certPem + tls.server.keyPem, sendChain: true });
    expect(certificate.thumbprintSha256).toBe(thumbprint(tls.server.certPem));
    const chain = certificate.x5c?.match(/-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----/g) ?? [];
    expect(chain.map(thumbprint)).toEqual([thumbprint(tls.server.certPem), thumbprint(tls.caPem)]);
  });

  it('refuses a key of another certificate, and a PFX with the wrong password', () => {
    expect(errorOf({ certificate: cred.certPem, privateKey: tls.server.keyPem })).toContain('does not belong');
    const message = errorOf({ certificate: toPfx(cred, PASSWORD).toString('base64'), password: 'wrong-pass' });
    expect(message).toBe("The PFX in 'certificate' cannot be opened: 'certificate-password' is not its password.");
    expect(message).not.toContain('wrong-pass');
  });

  it('returns a warning for an expired certificate instead of printing one', () => {
    const { warnings } = load({ certificate: cred.certPem + cred.keyPem }, Date.now() + 60 * 86_400_000);
    expect(warnings).toEqual([
      expect.stringMatching(/^The certificate 'CN=entra-token test client' expired on .+Z; Entra ID will refuse it/),
    ]);
  });

  it('refuses an RSA key larger than 16,384 bits before using it', () => {
    const big = new forge.jsbn.BigInteger('f'.repeat(4200), 16);
    const key = forge.pki.setRsaPrivateKey(big, new forge.jsbn.BigInteger('65537'), big, big, big, big, big, big);
    const message = errorOf({ certificate: cred.certPem, privateKey: forge.pki.privateKeyToPem(key) });
    expect(message).toBe(
      "Input 'private-key': the private key is a 16,800-bit RSA key; at most 16,384 bits are accepted (Entra ID certificates use 2,048 to 4,096).",
    );
  });
});

describe('loadCertificate: bounds on what it reads', () => {
  it('has the documented limits', () => {
    expect(CERTIFICATE_LIMITS).toEqual({ fileBytes: 256 * 1024, iterations: 1_000_000 });
  });

  it('refuses a FIFO without opening it, a directory, a device and a socket', async () => {
    const fifo = join(dir, 'pipe.pem');
    execFileSync('mkfifo', [fifo]);
    // A writer that closes after 3 s: should the loader ever open the FIFO, the open and the read end, not hang.
    const writer = spawn('sh', ['-c', 'sleep 3 > "$1"', 'sh', fifo], { stdio: 'ignore' });
    try {
      expect(errorOf({ certificate: fifo })).toBe(
        `Input 'certificate': '${fifo}' is not a regular file (it is a FIFO (named pipe)). Pass the path of a certificate or key file (PEM, DER or PFX/P12), or its content.`,
      );
      expect(errorOf({ certificate: cred.certPem, privateKey: fifo })).toMatch(
        /^Input 'private-key': .+ is not a regular file/,
      );
    } finally {
      writer.kill();
    }
    expect(errorOf({ certificate: dir })).toContain('is not a regular file (it is a directory)');
    // /dev/null, not /dev/zero: the same check refuses both, and an unchecked read of /dev/zero would never end.
    expect(errorOf({ certificate: '/dev/null' })).toContain('is not a regular file (it is a device)');
    const socket = join(dir, 'socket.pem');
    const server: Server = await new Promise((done) => {
      const listening = createServer().listen(socket, () => done(listening));
    });
    try {
      expect(errorOf({ certificate: socket })).toContain('is not a regular file (it is a socket)');
    } finally {
      server.close();
    }
  });

  it('refuses files and text larger than 256 KiB, saying the limit', () => {
    const big = cred.certPem + cred.keyPem + '#'.repeat(300 * 1024 - cred.certPem.length - cred.keyPem.length);
    expect(errorOf({ certificate: file('big.pem', big) })).toBe(
      `Input 'certificate': the file '${join(dir, 'big.pem')}' is 300 KiB; a certificate or key file is at most 256 KiB.`,
    );
    expect(errorOf({ certificate: big })).toBe(
      "Input 'certificate' is 300 KiB of text; a certificate or key file is at most 256 KiB.",
    );
    expect(errorOf({ certificate: cred.certPem, privateKey: big })).toMatch(/^Input 'private-key' is 300 KiB of text/);
    expect(errorOf({ certificate: Buffer.from(big).toString('base64') })).toMatch(/^Input 'certificate' is 400 KiB/);
  });

  // The former pattern searched to the end of the text from every BEGIN: quadratic on exactly this input.
  it('scans repeated BEGIN lines linearly: refused by size, or found to hold no certificate', () => {
    const line = '-----BEGIN A-----\n';
    expect(errorOf({ certificate: line.repeat((300 * 1024) / line.length) })).toMatch(/is 300 KiB of text/);
    expect(errorOf({ certificate: line.repeat((250 * 1024) / line.length) })).toMatch(
      /^Input 'certificate' holds no certificate/,
    );
  });

  it('refuses an encrypted PKCS#8 key over 1,000,000 iterations before decrypting it', () => {
    const message = errorOf({
      certificate: cred.certPem,
      privateKey: keyWithIterations(2_000_000),
      password: PASSWORD,
    });
    expect(message).toBe(
      "Input 'private-key': the encrypted private key asks for 2,000,000 key-derivation iterations; at most 1,000,000 are allowed (OpenSSL, Windows and Key Vault use about 2,000). Encrypt it again with the defaults, e.g. 'openssl pkcs8 -topk8 -v2 aes-256-cbc'.",
    );
    expect(message).not.toContain(PASSWORD);
  });

  it('refuses a key with 2^31-1 iterations (checked in a child process: unchecked, it would run for minutes)', () => {
    const script = file(
      'child.mts',
      `import { loadCertificate } from ${JSON.stringify(resolve('src/core/certificate.ts'))};
       try { await loadCertificate(JSON.parse(process.env.INPUTS!), ${JSON.stringify(LABELS)}); console.log('loaded'); }
       catch (error) { console.log((error as Error).message); }`,
    );
    const inputs = {
      certificate: cred.certPem,
      privateKey: keyWithIterations(2 ** 31 - 1),
      password: PASSWORD,
      sendChain: false,
    };
    const child = spawnSync(process.execPath, ['--import', 'tsx', script], {
      env: { ...process.env, INPUTS: JSON.stringify(inputs) },
      encoding: 'utf8',
      timeout: 30_000,
      killSignal: 'SIGKILL',
    });
    expect(child.stdout.trim()).toMatch(
      /^Input 'private-key': the encrypted private key asks for 2,147,483,647 key-derivation iterations; at most 1,000,000/,
    );
  });

  it('refuses an scrypt key whose N·r·p is over the cap', () => {
    const epki = der(Buffer.from(toEncryptedKeyPem(cred, PASSWORD).replace(/-----[^-]+-----|\s/g, ''), 'base64'));
    const salt = make(Type.OCTETSTRING, 'salt-salt');
    (at(epki, 0, 1).value as Asn1[])[0] = make(Type.SEQUENCE, [
      oidNode('1.3.6.1.4.1.11591.4.11'),
      make(Type.SEQUENCE, [salt, integer(2 ** 20), integer(8), integer(1)]),
    ]);
    const key = forge.pem.encode({ type: 'ENCRYPTED PRIVATE KEY', body: forge.asn1.toDer(epki).getBytes() });
    expect(errorOf({ certificate: cred.certPem, privateKey: key, password: PASSWORD })).toContain(
      'asks for 8,388,608 key-derivation iterations',
    );
  });

  it('refuses a PFX with 8,000,000 MAC iterations before computing the MAC', () => {
    const pfx = editedPfx((top) => setInteger(at(top, 2, 2), 8_000_000));
    expect(errorOf({ certificate: pfx.toString('base64'), password: PASSWORD })).toBe(
      "Input 'certificate': the PFX asks for 8,002,048 key-derivation iterations in all (MAC 8,000,000, private key 2,048); at most 1,000,000 are allowed (OpenSSL, Windows and Key Vault use about 2,000). Export it again with the default settings.",
    );
  });

  it('refuses a PFX whose encrypted contents, shrouded key, or total is over the cap', () => {
    const contents = builtPfx([certBag()], [keyBag(2048)], 2_000_000);
    expect(errorOf({ certificate: contents.toString('base64'), password: PASSWORD })).toContain(
      '(encrypted contents 2,000,000, private key 2,048)',
    );
    const keyBags = editedPfx((_, safe) => {
      const safeContents = at(safe, 1, 1, 0);
      const bags = forge.asn1.fromDer(safeContents.value as string);
      setInteger(at(bags, 0, 1, 0, 0, 1, 1), 2_000_000); // SafeBag → [0] → EncryptedPrivateKeyInfo → algorithm → pbe-params → count
      safeContents.value = forge.asn1.toDer(bags).getBytes();
    });
    expect(errorOf({ certificate: keyBags.toString('base64'), password: PASSWORD })).toMatch(/private key 2,000,000\)/);
    const total = editedPfx((top) => setInteger(at(top, 2, 2), 999_000));
    expect(errorOf({ certificate: total.toString('base64'), password: PASSWORD })).toMatch(
      /asks for 1,001,048 key-derivation iterations in all/,
    );
  });

  it('refuses a PFX whose key inside the encrypted contents is over the cap', () => {
    expect(
      errorOf({ certificate: builtPfx([keyBag(2_000_000)], [certBag()]).toString('base64'), password: PASSWORD }),
    ).toContain('(encrypted contents 2,048, encrypted key 2,000,000)');
  });
});
