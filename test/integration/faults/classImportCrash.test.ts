/**
 * A class-list import that stops between its writes (the process dying there), then the same file
 * imported again, on the real database: no student is ever created twice. A new student's code is
 * claimed before the person is written (src/models/studentCodeClaim.ts), so the import that follows
 * finds the claim and writes the person under its id. The stop is injected through the import's
 * step hook, after each of the two writes (a kill -9 cannot be timed between two writes of one
 * request; the kill -9 of a catalogue import is test/integration/faults/importCrash.test.ts).
 * Then: a class-list draft left unimported expires and the periodic purge removes it.
 */
import { expect } from 'chai';
import type { Organisation } from '../../../src/domain/organisation.js';
import { schedulePurges } from '../../../src/db/expiry.js';
import { membershipsOfPerson, peopleByStudentCodes } from '../../../src/models/classMembership.js';
import {
  ClassImportDraftModel,
  classImportDraft,
  DRAFT_LIFETIME_MS,
  insertClassImportDraft,
} from '../../../src/models/classImportDraft.js';
import { expiringCollections } from '../../../src/models/index.js';
import { PersonModel } from '../../../src/models/person.js';
import { StudentCodeClaimModel } from '../../../src/models/studentCodeClaim.js';
import type { Actor } from '../../../src/policies/actor.js';
import { ClassListImport, type ImportRowStep } from '../../../src/services/library/classes/classListImport.js';
import { testContext } from '../../support/context.js';
import { person, province } from '../../support/fixtures.js';
import { pollUntil, unique } from '../../support/toolkit.js';

class Crash extends Error {}

describe('faults: a class-list import stopped between its writes, then run again', function () {
  this.timeout(120_000);
  let school: Organisation;
  let librarian: Actor;
  before(async () => {
    school = (await province()).schoolA;
    librarian = (await person([{ org: school, role: 'librarian' }])).actor;
  });

  /** Imports the file once with a stop after `step` of its second new student, then again as it is. */
  async function crashThenRepeat(step: ImportRowStep) {
    const tag = unique();
    const names = ['An', 'Bình', 'Chi'].map((n) => `${n} ${tag}`);
    const codes = ['01', '02', '03'].map((n) => `${tag}-${n}`);
    const csv = Buffer.from(['Mã học sinh,Họ và tên,Lớp', ...codes.map((c, i) => `${c},${names[i]},10A1`)].join('\n'));
    const { patrons, changes } = testContext().services;
    let seen = 0;
    const crashing = new ClassListImport(patrons, changes, (s) => {
      if (s === step && ++seen === 2) throw new Crash(`stopped after "${step}"`);
    });
    const first = await crashing.upload(librarian, school.id, '2026-2027', 'lop.csv', csv);
    await crashing.run(librarian, school.id, first, {}).then(
      () => expect.fail('the import was to stop'),
      (err: unknown) => expect(err).to.be.instanceOf(Crash),
    );
    const again = new ClassListImport(patrons, changes);
    const second = await again.upload(librarian, school.id, '2026-2027', 'lop.csv', csv);
    const result = await again.run(librarian, school.id, second, {});
    return { names, codes, result };
  }

  async function expectEachStudentOnce(names: string[], codes: string[]) {
    for (const name of names) expect(await PersonModel.countDocuments({ displayName: name }), name).to.equal(1);
    const byCode = await peopleByStudentCodes(school.id, codes);
    expect(byCode.size).to.equal(3);
    for (const [code, personId] of byCode) {
      const claim = await StudentCodeClaimModel.findById(`${school.id}|${code}`).lean();
      expect(String(claim?.personId), code).to.equal(personId);
      expect(await membershipsOfPerson(school.id, personId)).to.have.length(1);
    }
  }

  it('stopped after claiming a code, before the person: the second run creates that student once', async () => {
    const { names, codes, result } = await crashThenRepeat('claimed');
    // The first run wrote student 1 whole and only the claim of student 2.
    expect(result).to.deep.include({ created: 2, updated: 0, unchanged: 1 });
    await expectEachStudentOnce(names, codes);
  });

  it('stopped after writing the person, before the class: the second run finds them by the claim', async () => {
    const { names, codes, result } = await crashThenRepeat('person');
    expect(result).to.deep.include({ created: 1, updated: 1, unchanged: 1 });
    await expectEachStudentOnce(names, codes);
  });
});

describe('class-list drafts left unimported expire, and the periodic purge removes them', function () {
  this.timeout(60_000);

  it('an old draft is no longer found and is deleted; a fresh one stays', async () => {
    const { schoolA } = await province();
    const uploader = await person([{ org: schoolA, role: 'librarian' }]);
    const draft = (createdAt: Date) =>
      insertClassImportDraft({
        orgId: schoolA.id,
        schoolYear: '2026-2027',
        fileName: 'lop.csv',
        createdBy: uploader.id,
        createdAt,
        sheets: [{ name: 'Sheet1', rows: [{ rowNumber: 1, values: ['Mã học sinh'] }] }],
      });
    const old = await draft(new Date(Date.now() - DRAFT_LIFETIME_MS - 60_000));
    const fresh = await draft(new Date());
    expect(await classImportDraft(old)).to.equal(null);
    expect(await classImportDraft(fresh)).to.include({ id: fresh });

    const stop = schedulePurges(expiringCollections, 60_000, testContext().log);
    try {
      await pollUntil(async () => !(await ClassImportDraftModel.exists({ _id: old })), {
        timeoutMs: 30_000,
        intervalMs: 200,
        message: 'the purge to delete the expired draft',
      });
    } finally {
      stop();
    }
    expect(await ClassImportDraftModel.exists({ _id: fresh })).not.to.equal(null);
  });
});
