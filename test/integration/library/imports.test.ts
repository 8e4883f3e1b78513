import { expect } from 'chai';
import type { Actor } from '../../../src/policies/actor.js';
import type { Organisation } from '../../../src/domain/organisation.js';
import type { RecordReading } from '../../../src/domain/catalogueRecord.js';
import { DomainError } from '../../../src/domain/errors.js';
import { marcIso2709 } from '../../../plugins/records/marc/iso2709.js';
import { advanceImportJob, claimImportJob } from '../../../src/models/importJob.js';
import { importedCopyId } from '../../../src/models/copy.js';
import { newCopy } from '../../../src/services/library/addCopies.js';
import { numberAutomatically } from '../../../src/services/library/numbering.js';
import { testContext } from '../../support/context.js';
import { metadata, person, printEdition, province, uniqueIsbn } from '../../support/fixtures.js';
import { iso2709, schoolBooks, type Field } from '../../support/marcFixtures.js';
import { pollUntil, unique } from '../../support/toolkit.js';

const options = { collection: 'TK', location: 'KHO', scope: 'public' as const, source: 'donation' as const };

async function importFile(actor: Actor, org: Organisation, bytes: Buffer, fileName = 'sach.mrc') {
  const { imports } = testContext().services;
  const job = await imports.start(actor, org.id, { fileName, bytes, options });
  return finished(actor, job.id);
}

async function finished(actor: Actor, jobId: string) {
  const { imports } = testContext().services;
  return pollUntil(
    async () => {
      imports.worker.kick();
      const p = await imports.progress(actor, jobId);
      return p.job.status === 'done' || p.job.status === 'failed' ? p : null;
    },
    { timeoutMs: 120_000, intervalMs: 200, message: 'the import to finish' },
  );
}

async function exported(actor: Actor, org: Organisation): Promise<Buffer> {
  const file = testContext().services.imports.exportCatalogue(actor, org.id, 'marc21');
  const chunks: Buffer[] = [];
  for await (const chunk of file.chunks) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

/** The records of a file, without what names the library that wrote it. */
const recordsOf = (bytes: Buffer) =>
  [...marcIso2709.read(bytes)].map((r: RecordReading) => {
    if (!r.ok) throw new Error(`record ${r.number}: ${JSON.stringify(r.problems)}`);
    return r.record;
  });
const byTitle = <T extends { metadata: { title: string } }>(list: T[]) =>
  [...list].sort((a, b) => a.metadata.title.localeCompare(b.metadata.title));

describe('imports of MARC21 files into a school library', function () {
  this.timeout(300_000);
  before(() => testContext().services.imports.worker.start(200));
  after(() => testContext().services.imports.worker.stop());

  it('imports the good records, refuses the bad one with its number, and adds nothing the second time', async () => {
    const { copies } = testContext().services;
    const { schoolA } = await province();
    const librarian = await person([{ org: schoolA, role: 'librarian' }]);
    const books = schoolBooks(unique('w'));
    const file = Buffer.concat([
      iso2709(books[0]!),
      iso2709(books[1]!.filter(([t]) => t !== '245')),
      iso2709(books[1]!),
      iso2709(books[2]!),
    ]);

    const first = await importFile(librarian.actor, schoolA, file);
    expect(first.job.status).to.equal('done');
    expect(first.counts).to.deep.equal({ added: 3, matched: 0, refused: 1 });
    const refused = await testContext().services.imports.outcomes(librarian.actor, first.job.id, 'refused');
    expect(refused.map((o) => [o.number, o.problems])).to.deep.equal([[2, [{ messageKey: 'imports.marc.noTitle' }]]]);

    const added = await testContext().services.imports.outcomes(librarian.actor, first.job.id, 'added');
    const [dm, toan, history] = added.map((o) => o.resourceId!);
    const dmCopies = await copies.ofTitle(librarian.actor, dm!, schoolA.id);
    expect(dmCopies.map((c) => [c.accessionNumber, c.collectionCode, c.location, c.acquisition.price])).to.deep.equal([
      ['TN-00101', 'TN', 'KHO', 45000],
      ['TN-00102', 'TN', 'PD', 45000],
    ]);
    expect(dmCopies[0]!.acquisition).to.include({
      date: '2025-09-05',
      supplier: 'Nhà sách Fahasa',
      source: 'donation',
    });
    expect((await copies.ofTitle(librarian.actor, toan!, schoolA.id)).map((c) => c.accessionNumber)).to.deep.equal([
      'SGK-00201',
      'SGK-00202',
      'SGK-00203',
    ]);
    expect((await copies.ofTitle(librarian.actor, history!, schoolA.id)).map((c) => c.accessionNumber)).to.deep.equal([
      'TK-00050',
    ]);

    // The instance that imported follows from what it wrote, without reading it back.
    const { holdings, catalogue } = testContext().services;
    expect(holdings.placesOf(dm!).holders, 'the holdings read model').to.deep.equal([schoolA.id]);
    const stored = (await testContext().services.resources.findMany([dm!])).get(dm!)!;
    expect((await catalogue.engine.cards([dm!])).get(dm!)?.title, 'the search index').to.equal(stored.metadata.title);
    expect(catalogue.titlesWithPlaces(), 'indexed with the school holding it').to.include(dm);

    const second = await importFile(librarian.actor, schoolA, file);
    expect(second.counts, 'the same file again').to.deep.equal({ added: 0, matched: 3, refused: 1 });
    expect(await copies.ofTitle(librarian.actor, dm!, schoolA.id)).to.have.length(2);
  });

  it('round trip: MARC → import → export → import elsewhere → export gives the same records', async () => {
    const { schoolA, schoolB } = await province();
    const librarianA = await person([{ org: schoolA, role: 'librarian' }]);
    const librarianB = await person([{ org: schoolB, role: 'librarian' }]);
    const books = schoolBooks(unique('w'));
    await importFile(librarianA.actor, schoolA, Buffer.concat(books.map((b) => iso2709(b))));

    const fromA = await exported(librarianA.actor, schoolA);
    const intoB = await importFile(librarianB.actor, schoolB, fromA, 'tu-truong-a.mrc');
    expect(intoB.counts, 'school B adds its copies to the province’s titles').to.deep.equal({
      added: 3,
      matched: 0,
      refused: 0,
    });
    const fromB = await exported(librarianB.actor, schoolB);
    expect(byTitle(recordsOf(fromB))).to.deep.equal(byTitle(recordsOf(fromA)));

    const [dm] = byTitle(recordsOf(fromA)).filter((r) => r.metadata.title.startsWith('Dế Mèn'));
    expect(dm!.metadata.title).to.match(/^Dế Mèn phiêu lưu ký w[0-9a-f]+ : truyện dài$/);
    expect(dm!.print.isbns).to.deep.equal([{ value: '9786040251732', qualifier: 'bìa mềm', invalid: false }]);
    expect(dm!.holdings.map((h) => h.accessionNumber)).to.deep.equal(['TN-00101', 'TN-00102']);
  });

  it('resumes an import whose instance died half way through a record, adding nothing twice', async () => {
    const { imports, resources, copies, registers } = testContext().services;
    const { schoolA } = await province();
    const librarian = await person([{ org: schoolA, role: 'librarian' }]);
    const word = unique('w');
    const isbn = uniqueIsbn();
    // Three copies the school numbers itself (952 without $p), then one more book.
    const unnumbered: Field[] = [
      ['020', '  ', 'a', isbn],
      ['245', '10', 'a', `Tiếng Việt 1 ${word}`],
      ['952', '  ', 'c', 'KHO', '8', 'SGK'],
      ['952', '  ', 'c', 'KHO', '8', 'SGK'],
      ['952', '  ', 'c', 'KHO', '8', 'SGK'],
    ];
    await imports.worker.stop();
    const job = await imports.start(librarian.actor, schoolA.id, {
      fileName: 'dang-do.mrc',
      bytes: Buffer.concat([iso2709(unnumbered), iso2709(schoolBooks(word)[2]!)]),
      options,
    });

    // Another instance took the job, opened its batch, catalogued the title, wrote two of the
    // three copies, and died before recording the step as done.
    const dead = await claimImportJob('dead-instance', 300);
    expect(dead?.job.id).to.equal(job.id);
    const batch = await registers.createIntakeBatch(librarian.actor, schoolA.id, {
      date: new Date().toISOString().slice(0, 10),
      source: 'donation',
      supplier: null,
      documentNumber: null,
      note: null,
    });
    await advanceImportJob(job.id, 'dead-instance', 300, { total: 2, batches: { [`${batch.date}|`]: batch.id } });
    const title = await resources.create(
      librarian.actor,
      schoolA.id,
      {
        metadata: metadata({ title: `Tiếng Việt 1 ${word}`, type: 'sach-in' }),
        scope: 'public',
        print: printEdition({ isbns: [{ value: isbn, qualifier: null, invalid: false }] }),
      },
      { status: 'published' },
    );
    // The step's insert of copies (the import's own ids) landed for two of the three when it died.
    const settings = await testContext().services.librarySettings.settingsOf(schoolA.id);
    const collection = settings.collections.find((c) => c.code === 'SGK')!;
    const ids = [0, 1].map((i) => importedCopyId(job.id, 1, i));
    const numbered = await numberAutomatically(schoolA.id, collection, ids);
    const input = { orgId: schoolA.id, collection: 'SGK', location: 'KHO', price: null, volume: null, note: null };
    const written = numbered.map((n) => newCopy(librarian.actor, title.id, input, batch, n));
    await copies.addImported(librarian.actor, schoolA.id, written, [], false);

    await new Promise((resolve) => setTimeout(resolve, 300)); // the dead instance's lease runs out
    imports.worker.start(200);
    const done = await finished(librarian.actor, job.id);
    expect(done.job.status).to.equal('done');
    expect(done.counts).to.deep.equal({ added: 2, matched: 0, refused: 0 });
    const held = await copies.ofTitle(librarian.actor, title.id, schoolA.id);
    expect(
      held.map((c) => c.accessionNumber),
      'the third copy added, the first two not again',
    ).to.deep.equal(['SGK-00001', 'SGK-00002', 'SGK-00003']);
    const [first] = await imports.outcomes(librarian.actor, job.id);
    expect(first).to.include({ copiesAdded: 1, copiesMatched: 2 });
    const counted = await registers.intakeBatchFor(librarian.actor, batch.id, schoolA.id, 'batch');
    // The dead instance's two, the third, and the next book's TK-00050, all of today's delivery.
    expect(counted.copyCount, 'the register line counts the copies the dead instance wrote too').to.equal(4);
  });

  it('gives a copy the barcode of 952 $p when it is not the accession number ($i), once', async () => {
    const { copies } = testContext().services;
    const { schoolA } = await province();
    const librarian = await person([{ org: schoolA, role: 'librarian' }]);
    const barcode = `893${Date.now().toString().slice(-10)}`;
    const file = iso2709([
      ['020', '  ', 'a', uniqueIsbn()],
      ['245', '10', 'a', `Từ điển tiếng Việt ${unique('w')}`],
      ['952', '  ', 'c', 'KHO', '8', 'TK', 'i', 'TK-00070', 'p', barcode],
      ['952', '  ', 'c', 'KHO', '8', 'TK', 'i', 'TK-00071'],
    ]);
    const first = await importFile(librarian.actor, schoolA, file);
    expect(first.counts).to.deep.equal({ added: 1, matched: 0, refused: 0 });
    const [outcome] = await testContext().services.imports.outcomes(librarian.actor, first.job.id);
    expect(outcome!.problems).to.deep.equal([]);
    const held = await copies.ofTitle(librarian.actor, outcome!.resourceId!, schoolA.id);
    expect(held.map((c) => [c.accessionNumber, c.barcode])).to.deep.equal([
      ['TK-00070', barcode],
      ['TK-00071', 'TK-00071'],
    ]);
    expect((await copies.byBarcode(librarian.actor, schoolA.id, barcode)).accessionNumber).to.equal('TK-00070');

    const again = await importFile(librarian.actor, schoolA, file);
    expect(again.counts).to.deep.equal({ added: 0, matched: 1, refused: 0 });
    const after = await copies.ofTitle(librarian.actor, outcome!.resourceId!, schoolA.id);
    expect(after.map((c) => [c.barcode, c.version])).to.deep.equal(held.map((c) => [c.barcode, c.version]));
  });

  it('lets a librarian import only into her own school', async () => {
    const { imports } = testContext().services;
    const { schoolA, schoolB } = await province();
    const librarianA = await person([{ org: schoolA, role: 'librarian' }]);
    const librarianB = await person([{ org: schoolB, role: 'librarian' }]);
    const teacherA = await person([{ org: schoolA, role: 'teacher' }]);
    const bytes = iso2709(schoolBooks(unique('w'))[2]!);
    const code = async (attempt: () => Promise<unknown>) => {
      try {
        await attempt();
        return 'allowed';
      } catch (err) {
        return err instanceof DomainError ? err.code : String(err);
      }
    };
    expect(
      await code(() => imports.start(librarianB.actor, schoolA.id, { fileName: 'a.mrc', bytes, options })),
    ).to.equal('forbidden');
    expect(await code(() => imports.start(teacherA.actor, schoolA.id, { fileName: 'a.mrc', bytes, options }))).to.equal(
      'forbidden',
    );
    const job = await importFile(librarianA.actor, schoolA, bytes);
    expect(await code(() => imports.progress(librarianB.actor, job.job.id))).to.equal('not_found');
    expect(await code(async () => imports.exportCatalogue(librarianB.actor, schoolA.id, 'marc21'))).to.equal(
      'forbidden',
    );
  });
});
