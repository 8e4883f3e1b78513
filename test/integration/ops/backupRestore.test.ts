/**
 * Backup and restore on the real database: a round trip that compares every document and every
 * file byte for byte, the refusals (truncated or altered archive, a database that is not empty),
 * and a backup taken while the catalogue changes.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { takeBackup } from '../../../src/db/backup/snapshot.js';
import { restoreBackup, DatabaseNotEmpty } from '../../../src/db/backup/restore.js';
import { ArchiveRefused } from '../../../src/db/backup/archiveReader.js';
import { migrations } from '../../../src/models/migrations/index.js';
import { runMigrations } from '../../../src/models/migrations/runner.js';
import type { Db } from 'mongodb';
import type { FileStorage } from '../../../src/domain/storage.js';
import { Types } from 'mongoose';
import { changeFeedReader } from '../../../src/models/change.js';
import { ResourceModel } from '../../../src/models/resource.js';
import { ranMigrationIds } from '../../../src/models/migration.js';
import { testContext } from '../../support/context.js';
import { organisation, person, printedTitle, resource, system, metadata, uniqueIsbn } from '../../support/fixtures.js';
import { completeDerivedData } from '../../../src/backup/afterRestore.js';
import { isbnLookupKey } from '../../../src/domain/titleLookup.js';
import { contentsOf, fillWithEverything, freshDatabase } from './backupSupport.js';

const knownMigrations = migrations.map((m) => m.id);

/** What the backup command hands takeBackup: the database, its storage, the migrations it had and its change feed. */
const sourceOf = async ({ db, storage }: { db: Db; storage: FileStorage }) => ({
  db,
  storage,
  appVersion: 'test',
  migrations: [...(await ranMigrationIds(db))],
  changes: changeFeedReader(db),
});

describe('backup and restore', function () {
  this.timeout(120_000);
  let dir: string;

  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'thuvien-backup-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('backs up, destroys, restores: every document and every file comes back byte for byte', async () => {
    const source = freshDatabase('backup_source');
    await fillWithEverything(source.db, source.storage);
    const before = await contentsOf(source.db, source.storage);
    const archive = path.join(dir, 'thu-vien.zip');

    const manifest = await takeBackup(await sourceOf(source), archive);
    expect(manifest.files).to.have.length(4);
    expect(manifest.collections.find((c) => c.name === 'probes')?.count).to.equal(3);
    expect(fs.existsSync(`${archive}.partial`)).to.equal(false);

    await source.db.dropDatabase();
    expect(await contentsOf(source.db, source.storage)).to.deep.equal({ collections: {}, files: {} });
    await restoreBackup({ ...source, knownMigrations }, archive);
    const after = await contentsOf(source.db, source.storage);
    expect(after.collections).to.deep.equal(before.collections);
    expect(Object.keys(after.files)).to.deep.equal(Object.keys(before.files));
    for (const [id, file] of Object.entries(before.files)) {
      expect(after.files[id]!.info).to.equal(file.info);
      expect(after.files[id]!.bytes.equals(file.bytes), `file ${id}`).to.equal(true);
    }
    await source.db.dropDatabase();
  });

  it('refuses a truncated or altered archive before writing anything', async () => {
    const source = freshDatabase('backup_source');
    await fillWithEverything(source.db, source.storage);
    const archive = path.join(dir, 'thu-vien.zip');
    const manifest = await takeBackup(await sourceOf(source), archive);
    const largest = manifest.files.reduce((a, b) => (a.size > b.size ? a : b));
    const biggest = await fileBytes(source, largest.id);
    await source.db.dropDatabase();
    const bytes = fs.readFileSync(archive);

    const truncated = path.join(dir, 'truncated.zip');
    fs.writeFileSync(truncated, bytes.subarray(0, Math.floor(bytes.length * 0.9)));
    // Files are stored without compression, so a file's bytes can be found in the archive and altered.
    const altered = path.join(dir, 'altered.zip');
    const copy = Buffer.from(bytes);
    const at = copy.indexOf(biggest.subarray(1000, 1064));
    expect(at).to.be.greaterThan(0);
    copy[at + 10] = copy[at + 10]! ^ 0xff;
    fs.writeFileSync(altered, copy);

    for (const [file, problem] of [
      [truncated, /not a complete zip|truncated/],
      [altered, /SHA-256 does not match/],
    ] as const) {
      const target = freshDatabase('restore_target');
      const err = await restoreBackup({ ...target, knownMigrations }, file).catch((e: unknown) => e);
      expect(err).to.be.instanceOf(ArchiveRefused);
      expect((err as Error).message).to.match(problem);
      expect(await target.db.listCollections().toArray(), 'nothing written').to.deep.equal([]);
    }
  });

  it('refuses a database that is not empty unless forced, and refuses an archive from a newer release', async () => {
    const source = freshDatabase('backup_source');
    await fillWithEverything(source.db, source.storage);
    await runMigrations(source.db, migrations, testContext().log);
    const archive = path.join(dir, 'thu-vien.zip');
    await takeBackup(await sourceOf(source), archive);
    const expected = await contentsOf(source.db, source.storage);

    const target = freshDatabase('restore_target');
    await target.db.collection('people').insertOne({ _id: 'someone' as never, displayName: 'Đã có' });
    const err = await restoreBackup({ ...target, knownMigrations }, archive).catch((e: unknown) => e);
    expect(err).to.be.instanceOf(DatabaseNotEmpty);
    expect((err as Error).message)
      .to.include('people')
      .and.include('--force');
    expect(await target.db.collection('people').countDocuments()).to.equal(1);

    await restoreBackup({ ...target, knownMigrations }, archive, { force: true });
    expect(await contentsOf(target.db, target.storage)).to.deep.equal(expected);

    const older = await restoreBackup({ ...freshDatabase('restore_target'), knownMigrations: [] }, archive).catch(
      (e: unknown) => e,
    );
    expect(older).to.be.instanceOf(ArchiveRefused);
    expect((older as Error).message).to.include(`newer release (migrations ${migrations.map((m) => m.id).join(', ')})`);
    await Promise.all([source.db.dropDatabase(), target.db.dropDatabase()]);
  });

  it('taken while the catalogue changes, restores resources, organisations and people as they were at its end', async () => {
    const { services, db } = testContext();
    const actor = await system();
    const school = await organisation('Trường THCS Sao Lưu');
    const kept = await resource(actor, school, { metadata: { title: 'Giữ nguyên' } });
    const edited = await resource(actor, school, { metadata: { title: 'Trước khi sửa' } });
    const removed = await resource(actor, school, { metadata: { title: 'Sẽ bị xoá' } });
    const page = [await resource(actor, school), await resource(actor, school)];
    const archive = path.join(dir, 'live.zip');
    const source = { db: db.connection.db!, storage: services.files.storage };

    await takeBackup(await sourceOf(source), archive, {
      // Written after their collections were read: only the amendments can bring these in.
      async collection(name) {
        if (name === 'organisations')
          await services.organisations.edit(actor, school.id, {
            code: school.code,
            name: 'Trường THCS Đổi Tên',
            type: school.type,
          });
        if (name !== 'resources') return;
        const current = (await services.resources.findToOpen(edited.id))!;
        await services.resources.update(actor, edited.id, current.version, {
          metadata: metadata({ title: 'Sau khi sửa' }),
          scope: 'public',
        });
        const toRemove = (await services.resources.findToOpen(removed.id))!;
        await services.resources.remove(actor, removed.id, toRemove.version);
        // Written in bulk as a harvested page is: one feed entry names both.
        await ResourceModel.updateMany(
          { _id: { $in: page.map((r) => new Types.ObjectId(r.id)) } },
          { $set: { 'metadata.title': 'Ghi cả trang' } },
        );
        await services.changes.publishMany(
          'resource',
          page.map((r) => r.id),
        );
      },
    });
    const catalogue = ['resources', 'organisations', 'people'];
    const target = freshDatabase('restore_target');
    await restoreBackup({ ...target, knownMigrations }, archive);
    const restored = await contentsOf(target.db, target.storage, catalogue);
    expect(restored.collections).to.deep.equal((await contentsOf(source.db, source.storage, catalogue)).collections);
    const titles = restored.collections.resources!.join('\n');
    expect(titles).to.include('Sau khi sửa').and.include(kept.metadata.title).and.not.include('Trước khi sửa');
    expect(titles.split('Ghi cả trang'), 'both resources of the page').to.have.length(3);
    expect(restored.collections.organisations!.join('\n')).to.include('Trường THCS Đổi Tên');
    await target.db.dropDatabase();
  });

  it('gives a printed title stored while the backup ran its lookup keys back, as the restore tool does', async () => {
    const { services, db } = testContext();
    const school = await organisation('Trường THCS Khoá Tra Cứu');
    const librarian = await person([{ org: school, role: 'librarian' }]);
    const isbn = uniqueIsbn();
    const archive = path.join(dir, 'keys.zip');
    let title: { id: string } | undefined;
    await takeBackup(await sourceOf({ db: db.connection.db!, storage: services.files.storage }), archive, {
      async collection(name) {
        if (name !== 'titlekeys') return;
        title = await printedTitle(librarian.actor, school, {
          print: { isbns: [{ value: isbn, qualifier: null, invalid: false }] },
        });
      },
    });
    const target = freshDatabase('restore_keys');
    await restoreBackup({ ...target, knownMigrations }, archive);
    const keyOf = () => target.db.collection('titlekeys').findOne({ _id: isbnLookupKey(isbn) as never });
    expect(await keyOf(), 'the archive read the keys before the title was stored').to.equal(null);

    await completeDerivedData(target.db);
    expect((await keyOf())?.titleIds.map(String)).to.deep.equal([title!.id]);
    await target.db.dropDatabase();
  });
});

async function fileBytes(source: ReturnType<typeof freshDatabase>, id: string): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of await source.storage.open(id)) parts.push(chunk as Buffer);
  return Buffer.concat(parts);
}
