/**
 * npm run restore -- <file> [--force]: the archive into this configuration's database (MONGODB_URI,
 * or the embedded one under DATA_DIR), which must be empty unless --force. Stop the app first.
 */
import path from 'node:path';
import { migrations } from '../models/migrations/index.js';
import { openForTool, progressLine, runTool } from './cli.js';
import { restoreBackup } from '../db/backup/restore.js';
import { completeDerivedData } from './afterRestore.js';

runTool(async () => {
  const args = process.argv.slice(2);
  const file = args.find((a) => !a.startsWith('-'));
  const unknown = args.filter((a) => a.startsWith('-') && a !== '--force');
  if (!file || unknown.length) {
    process.stderr.write('Cách dùng / usage: npm run restore -- <tệp / file>.zip [--force]\n');
    process.exit(2);
  }
  const source = path.resolve(process.env.INIT_CWD ?? process.cwd(), file);
  const { db, storage } = await openForTool({ shareRunning: false });
  try {
    const manifest = await restoreBackup(
      { db: db.native(), storage, knownMigrations: migrations.map((m) => m.id) },
      source,
      {
        force: args.includes('--force'),
        progress: {
          collection: (name, count) => progressLine(`  ${name}`, count, undefined),
          file: (done, total) => progressLine('  tệp / files', done, total),
        },
      },
    );
    await completeDerivedData(db.native());
    const documents = manifest.collections.reduce((sum, c) => sum + c.count, 0);
    process.stdout.write(
      `Đã khôi phục / restored: ${documents} documents, ${manifest.files.length} files ` +
        `(backup of ${manifest.createdAt}) into database ${db.native().databaseName}\n`,
    );
  } finally {
    await db.close();
  }
});
