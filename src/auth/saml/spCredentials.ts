/**
 * Our service provider's key pair and certificate. Production gives them in the environment
 * (SAML_SP_KEY, SAML_SP_CERT; config/index.ts); development and test generate them once under
 * DATA_DIR, so a restart keeps the metadata that portals already trust.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import forge from 'node-forge';

export interface SpCredentials {
  key: string;
  cert: string;
}

/** A self-signed certificate for `commonName`: SAML uses certificates only to carry keys, so no CA is involved. */
export function createSelfSignedCredentials(commonName: string, years = 10): SpCredentials {
  // node:crypto makes the key (fast, native); node-forge only wraps it in a certificate, which node:crypto cannot
  // build.
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKey);
  cert.serialNumber = `01${randomBytes(8).toString('hex')}`;
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  cert.validity.notAfter = new Date(Date.now() + years * 365 * 24 * 3600_000);
  const subject = [{ name: 'commonName', value: commonName.slice(0, 64) }];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.sign(forge.pki.privateKeyFromPem(privateKey), forge.md.sha256.create());
  return { key: privateKey, cert: forge.pki.certificateToPem(cert) };
}

export function loadOrCreateSpCredentials(
  configured: SpCredentials | null,
  dataDir: string,
  commonName: string,
): SpCredentials {
  if (configured) return configured;
  const file = path.join(dataDir, 'saml-sp.json');
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as SpCredentials;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const created = createSelfSignedCredentials(commonName);
  fs.mkdirSync(dataDir, { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(created, null, 2), { mode: 0o600 });
  fs.renameSync(tmp, file);
  return created;
}

/** The base64 body of a PEM certificate, as metadata and SAML options carry it. */
export function certBody(pem: string): string {
  return pem.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '').replace(/\s+/g, '');
}
