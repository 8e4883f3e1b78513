/**
 * A class renamed on the class list page is three writes with no transaction (the new name added,
 * the students moved, the old name removed). Stopped after each of the first two, as a process dying
 * there would, on the real database: the next reading of the list, or the same rename asked again,
 * finishes it, so the list never keeps both names and every student ends in the new class. The stop
 * is injected through the service's step hook (a kill -9 cannot be timed between two writes of one
 * request).
 */
import { expect } from 'chai';
import type { Organisation } from '../../../src/domain/organisation.js';
import { membershipsOfClass, saveClassMembership } from '../../../src/models/classMembership.js';
import { definedClasses, defineClasses } from '../../../src/models/schoolClass.js';
import type { Actor } from '../../../src/policies/actor.js';
import {
  ClassListDefinitionService,
  type RenameStep,
} from '../../../src/services/library/classes/classListDefinition.js';
import { testContext } from '../../support/context.js';
import { person, province } from '../../support/fixtures.js';

class Crash extends Error {}

describe('faults: a class rename stopped between its writes', function () {
  this.timeout(120_000);
  let school: Organisation;
  let librarian: Actor;
  let year = 2040;
  before(async () => {
    school = (await province()).schoolA;
    librarian = (await person([{ org: school, role: 'librarian' }])).actor;
  });

  /** A year with class 10A2 of two students, renamed to 10A5 by a service that stops after `step`. */
  async function stoppedRename(step: RenameStep) {
    const schoolYear = `${++year}-${year + 1}`;
    await defineClasses([{ orgId: school.id, schoolYear, className: '10A2', grade: 10 }]);
    const students = [];
    for (const name of ['Một', 'Hai']) {
      const student = await person([{ org: school, role: 'student' }], `Học Sinh ${name} ${schoolYear}`);
      await saveClassMembership({
        personId: student.id,
        orgId: school.id,
        schoolYear,
        grade: 10,
        className: '10A2',
        studentCode: `${schoolYear}-${name}`,
        outcome: 'enrolled',
        updatedAt: new Date(),
      });
      students.push(student.id);
    }
    const stopping = new ClassListDefinitionService(testContext().services.patrons, (s) => {
      if (s === step) throw new Crash(`stopped after ${s}`);
    });
    const rename = { className: '10A5', homeroomTeacher: 'Cô Mai' };
    await stopping.change(librarian, school.id, schoolYear, '10A2', rename).then(
      () => expect.fail('the rename was to stop'),
      (err: unknown) => expect(err).to.be.instanceOf(Crash),
    );
    return { schoolYear, students, rename };
  }

  async function expectRenamed(schoolYear: string, students: string[]) {
    expect((await definedClasses(school.id, schoolYear)).map((c) => [c.className, c.homeroomTeacher])).to.deep.equal([
      ['10A5', 'Cô Mai'],
    ]);
    const moved = (await membershipsOfClass(school.id, schoolYear, '10A5')).map((m) => m.personId);
    expect(moved.sort()).to.deep.equal([...students].sort());
    expect(await membershipsOfClass(school.id, schoolYear, '10A2')).to.deep.equal([]);
  }

  for (const step of ['newNameAdded', 'studentsMoved'] as const) {
    it(`stopped after ${step}: the list, read next, shows the class once, renamed, with its students`, async () => {
      const { schoolYear, students } = await stoppedRename(step);
      const list = await testContext().services.classListDefinitions.list(librarian, school.id, schoolYear);
      expect(list.classes.map((c) => [c.className, c.students])).to.deep.equal([['10A5', 2]]);
      await expectRenamed(schoolYear, students);
    });

    it(`stopped after ${step}: the same rename asked again finishes it instead of refusing the name`, async () => {
      const { schoolYear, students, rename } = await stoppedRename(step);
      await testContext().services.classListDefinitions.change(librarian, school.id, schoolYear, '10A2', rename);
      await expectRenamed(schoolYear, students);
    });
  }

  it('still refuses a rename to a name another class of the list has', async () => {
    const schoolYear = `${++year}-${year + 1}`;
    await defineClasses(['10A2', '10A5'].map((className) => ({ orgId: school.id, schoolYear, className, grade: 10 })));
    const lists = testContext().services.classListDefinitions;
    const refused = await lists
      .change(librarian, school.id, schoolYear, '10A2', { className: '10A5' })
      .catch((e: unknown) => e);
    expect(refused)
      .to.have.property('fields')
      .that.deep.equals([{ field: 'className', messageKey: 'classes2.list.exists', params: { className: '10A5' } }]);
    expect((await definedClasses(school.id, schoolYear)).map((c) => c.className)).to.deep.equal(['10A2', '10A5']);
  });
});
