/**
 * Rotation of our signing keys (one key pair per platform, as ltijs keeps them): a new pair is
 * made and used from now on; the old public key stays in our JWKS for the overlap, so messages
 * signed just before the rotation still verify, then expires. The old private key expires with it
 * (at the earliest once every instance has dropped its cached registration), since an instance may
 * sign with it for those few seconds.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { PLATFORM_CACHE_MS, type LtiStorage } from './storage.js';

export interface Rotation {
  platformUrl: string;
  clientId: string;
  oldKid: string;
  newKid: string;
}

export async function rotateSigningKeys(
  storage: LtiStorage,
  secret: string,
  overlapMs: number,
  now = new Date(),
): Promise<Rotation[]> {
  const rotations: Rotation[] = [];
  for (const platform of (await storage.Get(false, 'platform')) || []) {
    const platformUrl = String(platform.platformUrl);
    const clientId = String(platform.clientId);
    const oldKid = String(platform.kid);
    const newKid = randomBytes(16).toString('hex');
    const { publicKey, privateKey } = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      publicKeyEncoding: { type: 'spki', format: 'pem' },
      privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
    });
    const index = { kid: newKid, platformUrl, clientId };
    await storage.Insert(secret, 'publickey', { key: publicKey, kid: newKid }, index);
    await storage.Insert(secret, 'privatekey', { key: privateKey, kid: newKid }, index);
    const status = await storage.Get(false, 'platformStatus', { id: oldKid });
    await storage.Insert(false, 'platformStatus', { id: newKid, active: status ? Boolean(status[0]!.active) : true });
    await storage.Modify(false, 'platform', { platformUrl, clientId }, { kid: newKid });
    await storage.Delete('platformStatus', { id: oldKid });
    await storage.expireAt('publickey', oldKid, new Date(now.getTime() + overlapMs));
    await storage.expireAt('privatekey', oldKid, new Date(now.getTime() + Math.max(overlapMs, 2 * PLATFORM_CACHE_MS)));
    rotations.push({ platformUrl, clientId, oldKid, newKid });
  }
  return rotations;
}
