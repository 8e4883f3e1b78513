/**
 * What a restore does after writing the archive: data derived from other collections is made
 * whole again. A backup reads one collection after another while the app runs, and re-reads at
 * its end the resources written meanwhile, but not what was derived from them: a printed title
 * stored during the backup can come back without its lookup keys, and an import would then add
 * it a second time.
 */
import { titleLookupKeys } from '../models/migrations/m002TitleLookupKeys.js';

/** Keys every printed title again; only what is missing is written. */
export async function completeDerivedData(db: Parameters<typeof titleLookupKeys.run>[0]): Promise<void> {
  await titleLookupKeys.run(db);
}
