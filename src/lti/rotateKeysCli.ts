/**
 * `npm run lti:rotate-keys [-- --overlap-hours=48]`: rotates our LTI signing keys. Old public keys
 * stay published for the overlap (default 48 hours), long enough for platforms to refresh our JWKS.
 */
import { loadConfig } from '../../config/index.js';
import { openDatabase, databaseOptions } from '../db/index.js';
import { createLogger } from '../log.js';
import { rotateSigningKeys } from './keys.js';
import { LtiStorage } from './storage.js';

const HOUR = 3600_000;

async function main(): Promise<void> {
  const arg = process.argv.find((a) => a.startsWith('--overlap-hours='));
  const hours = arg ? Number(arg.split('=')[1]) : 48;
  if (!Number.isFinite(hours) || hours < 0)
    throw new Error('--overlap-hours phải là một số ≥ 0 / must be a number ≥ 0');
  const config = loadConfig();
  const log = createLogger(config.logLevel, config.logFormat);
  const db = await openDatabase(databaseOptions(config), log);
  try {
    const rotations = await rotateSigningKeys(new LtiStorage(), config.secrets.ltiKeySecret, hours * HOUR);
    for (const r of rotations) log.info(r, 'LTI signing key rotated');
    process.stdout.write(
      `Đã đổi khoá cho ${rotations.length} nền tảng / Rotated keys for ${rotations.length} platform(s); ` +
        `old public keys published for ${hours} h.\n`,
    );
  } finally {
    await db.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
