/**
 * npm run backup -- <file>: the whole library (every collection and stored file) into one
 * archive, while the app runs. See ./snapshot.ts for what "consistent" means here.
 */
import path from 'node:path';
import { appVersion, megabytes, openForTool, progressLine, runTool } from './cli.js';
import { takeBackup } from '../db/backup/snapshot.js';
import { changeFeedReader } from '../models/change.js';
import { ranMigrationIds } from '../models/migration.js';

runTool(async () => {
  const file = process.argv[2];
  if (!file || file.startsWith('-')) {
    process.stderr.write('Cách dùng / usage: npm run backup -- <tệp / file>.zip\n');
    process.exit(2);
  }
  const target = path.resolve(process.env.INIT_CWD ?? process.cwd(), file);
  const { db, storage } = await openForTool({ shareRunning: true });
  try {
    const database = db.native();
    const source = {
      db: database,
      storage,
      appVersion: appVersion(),
      migrations: [...(await ranMigrationIds(database))],
      changes: changeFeedReader(database),
    };
    const manifest = await takeBackup(source, target, {
      collection: (name, count) => progressLine(`  ${name}`, count, undefined),
      file: (done, bytes) => progressLine('  tệp / files', done, undefined, megabytes(bytes)),
    });
    const documents = manifest.collections.reduce((sum, c) => sum + c.count, 0);
    process.stdout.write(
      `Đã sao lưu / backed up: ${documents} documents in ${manifest.collections.length} collections, ` +
        `${manifest.files.length} files, ${manifest.amendments.count} amended during the backup → ${target}\n`,
    );
  } finally {
    await db.close();
  }
});
