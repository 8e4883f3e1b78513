/**
 * Authenticated encryption (AES-256-GCM) of small JSON values, under a key derived from our LTI secret for one purpose.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes, type KeyObject } from 'node:crypto';

export type Secret = string | KeyObject;
type Encoding = 'base64' | 'base64url';

export function purposeKey(purpose: string, secret: Secret): Buffer {
  const text = typeof secret === 'string' ? secret : secret.export().toString('utf8');
  return createHash('sha256').update(`${purpose}:${text}`).digest();
}

export function seal(value: unknown, key: Buffer, encoding: Encoding): { iv: string; data: string } {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const data = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return { iv: iv.toString(encoding), data: data.toString(encoding) };
}

/** Throws when the value was not sealed with this key or was altered. */
export function unseal(sealed: { iv: string; data: string }, key: Buffer, encoding: Encoding): unknown {
  const raw = Buffer.from(sealed.data, encoding);
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.iv, encoding));
  decipher.setAuthTag(raw.subarray(raw.length - 16));
  return JSON.parse(
    Buffer.concat([decipher.update(raw.subarray(0, raw.length - 16)), decipher.final()]).toString('utf8'),
  );
}
