/**
 * Migrations from the previous release's data (test/fixtures/previousRelease/release-0.1.json, the
 * demo seed as release 0.1 stored it): they run once, under a lease (one instance at a time),
 * change nothing when run again, and one that fails leaves the database to the previous release.
 */
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'chai';
import { BSON, type Db, type Document } from 'mongodb';
import { migrations } from '../../../src/models/migrations/index.js';
import type { Migration } from '../../../src/models/migrations/migration.js';
import { MigrationFailed, runMigrations } from '../../../src/models/migrations/runner.js';
import { versionedCollections, SCHEMA_VERSION } from '../../../src/models/schemaVersion.js';
import { allModels } from '../../../src/models/index.js';
import { toResource } from '../../../src/models/resource.js';
import { toOrganisation } from '../../../src/models/organisation.js';
import { projectRoot } from '../../../config/index.js';
import { testContext } from '../../support/context.js';
import { contentsOf, freshDatabase } from './backupSupport.js';

const fixture = path.join(projectRoot, 'test', 'fixtures', 'previousRelease', 'release-0.1.json');

async function previousRelease(): Promise<Db> {
  const { db } = freshDatabase('migrate');
  const collections = BSON.EJSON.parse(fs.readFileSync(fixture, 'utf8'), { relaxed: false }) as Record<
    string,
    Document[]
  >;
  for (const [name, docs] of Object.entries(collections)) await db.collection(name).insertMany(docs);
  return db;
}

const quiet = () => testContext().log;
const contents = (db: Db) => contentsOf(db, freshDatabase('unused').storage);

describe('migrations from the previous release', function () {
  this.timeout(60_000);

  it('bring every stored document to the current schema version, once, and record what ran', async () => {
    const db = await previousRelease();
    const before = await contents(db);
    expect(before.collections.resources!.join()).not.to.include('schemaVersion');

    expect(await runMigrations(db, migrations, quiet())).to.deep.equal(migrations.map((m) => m.id));
    for (const name of versionedCollections) {
      const docs = await db.collection(name).find({}).toArray();
      for (const doc of docs) expect(doc.schemaVersion, `${name} ${String(doc._id)}`).to.equal(SCHEMA_VERSION);
    }
    const unversioned = Object.keys(before.collections).filter(
      (n) => !(versionedCollections as readonly string[]).includes(n),
    );
    const after = await contents(db);
    for (const name of unversioned) expect(after.collections[name]).to.deep.equal(before.collections[name]);
    const records = await db.collection('migrations').find({}).toArray();
    expect(records.map((r) => r._id)).to.deep.equal(migrations.map((m) => m.id));
    expect(await db.collection('migration_leases').countDocuments()).to.equal(0);

    expect(await runMigrations(db, migrations, quiet()), 'second start').to.deep.equal([]);
    for (const migration of migrations) await migration.run(db); // run again by hand: idempotent
    const again = await contents(db);
    delete again.collections.migrations;
    delete after.collections.migrations;
    expect(again).to.deep.equal(after);
    await db.dropDatabase();
  });

  it('run on one instance at a time: the others wait and then find nothing to do', async () => {
    const db = await previousRelease();
    const slow: Migration = {
      id: '900-slow',
      description: 'counts its runs',
      async run(target) {
        await target.collection('runs').insertOne({ at: new Date() });
        await sleep(500);
      },
    };
    const list = [...migrations, slow];
    const results = await Promise.all(
      ['a:1', 'b:2', 'c:3'].map((holder) => runMigrations(db, list, quiet(), { holder, pollMs: 50 })),
    );
    expect(await db.collection('runs').countDocuments()).to.equal(1);
    expect(results.filter((r) => r.length > 0)).to.have.length(1);
    await db.dropDatabase();
  });

  it('take over the lease of an instance that died while migrating', async () => {
    const db = await previousRelease();
    await db
      .collection('migration_leases')
      .insertOne({ _id: 'migrations' as never, holder: 'dead:1', expiresAt: new Date(Date.now() - 1000) });
    expect(await runMigrations(db, migrations, quiet(), { holder: 'alive:2' })).to.have.length(migrations.length);
    await db.dropDatabase();
  });

  it('one that fails is not recorded, releases the lease, and leaves data the previous release reads', async () => {
    const db = await previousRelease();
    const failing: Migration = {
      id: '901-fails-half-way',
      description: 'adds a field to some resources, then fails',
      async run(target) {
        const first = await target.collection('resources').findOne({});
        await target.collection('resources').updateOne({ _id: first!._id }, { $set: { addedBy901: true } });
        throw new Error('disk full');
      },
    };
    const err = await runMigrations(db, [...migrations, failing], quiet()).catch((e: unknown) => e);
    expect(err).to.be.instanceOf(MigrationFailed);
    expect((err as Error).message)
      .to.include('901-fails-half-way')
      .and.include('previous release can still run');
    expect((await db.collection('migrations').find({}).toArray()).map((r) => r._id)).to.deep.equal(
      migrations.map((m) => m.id),
    );
    expect(await db.collection('migration_leases').countDocuments()).to.equal(0);

    // The previous release's models (today's, less the field it did not know) accept every document.
    const connection = testContext().db.connection.useDb(db.databaseName, { useCache: false });
    for (const model of allModels) {
      const bound = connection.model(model.modelName, model.schema);
      for (const doc of await bound.find({}).lean()) {
        const problem = await new bound(doc).validate().then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(problem, `${model.modelName} ${String(doc._id)}`).to.equal(undefined);
      }
    }
    for (const doc of await db.collection('resources').find({}).toArray())
      expect(() => toResource(doc as never)).not.to.throw();
    for (const doc of await db.collection('organisations').find({}).toArray())
      expect(() => toOrganisation(doc as never)).not.to.throw();

    // Fixed and started again: only the failed one runs.
    const fixed: Migration = { ...failing, run: async () => undefined };
    expect(await runMigrations(db, [...migrations, fixed], quiet())).to.deep.equal(['901-fails-half-way']);
    await db.dropDatabase();
  });
});
