// node-forge's PKI module (PKCS#12, ASN.1, PBE ciphers, X.509, RSA, PEM), loaded when the first PFX is read:
// building its tables would cost every other run start-up time. A CommonJS require inside a function is what
// the bundler keeps lazy. Its index would add TLS, Ed25519, SSH and more that a PFX never needs.
module.exports = function loadForge() {
  require('node-forge/lib/pki.js');
  return require('node-forge/lib/forge.js');
};
