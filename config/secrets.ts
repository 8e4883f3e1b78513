/**
 * Development and test secrets: generated once, kept in DATA_DIR/secrets.json (mode 0600), so a
 * restart keeps sessions and signed tokens valid. Production never comes here: its secrets must
 * be given in the environment.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export interface DevSecrets {
  sessionSecret: string;
  tokenSecret: string;
  /** Signs LTI launch tokens (ltik) and encrypts the LTI signing keys at rest. */
  ltiKeySecret: string;
}

const fresh = (): DevSecrets => ({
  sessionSecret: randomBytes(32).toString('base64url'),
  tokenSecret: randomBytes(32).toString('base64url'),
  ltiKeySecret: randomBytes(32).toString('base64url'),
});

export function loadOrCreateDevSecrets(dataDir: string): DevSecrets {
  const file = path.join(dataDir, 'secrets.json');
  try {
    const stored = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<DevSecrets>;
    const complete = { ...fresh(), ...stored };
    if (Object.keys(stored).length !== Object.keys(complete).length) write(file, complete);
    return complete;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    const created = fresh();
    fs.mkdirSync(dataDir, { recursive: true });
    write(file, created);
    return created;
  }
}

function write(file: string, secrets: DevSecrets): void {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  fs.renameSync(tmp, file);
}
