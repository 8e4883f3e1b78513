/**
 * The named queries of students' classes per school year on the real database: one document per
 * student and year (a repeated write changes nothing), history kept across years, the current class,
 * classes of a year defined by the school or taken from its students, and one school's classes
 * invisible in another's.
 */
import { expect } from 'chai';
import type { ClassMembership } from '../../../src/domain/classMembership.js';
import {
  currentMembershipOf,
  markGraduated,
  membersByClass,
  membershipsOfClass,
  membershipsOfPeople,
  membershipsOfPerson,
  peopleByStudentCodes,
  saveClassMembership,
  schoolYearsOf,
} from '../../../src/models/classMembership.js';
import { classesOfYear, defineClasses } from '../../../src/models/schoolClass.js';
import { person, province } from '../../support/fixtures.js';

const row = (over: Partial<ClassMembership> & Pick<ClassMembership, 'orgId' | 'personId'>): ClassMembership => ({
  schoolYear: '2026-2027',
  grade: 10,
  className: '10A1',
  studentCode: 'HS001',
  outcome: 'enrolled',
  updatedAt: new Date(),
  ...over,
});

describe('models: class memberships per school year', () => {
  it('writes a year once, keeps earlier years and answers the current class', async () => {
    const { schoolA, schoolB } = await province();
    const an = await person([{ org: schoolA, role: 'student' }], 'Nguyễn Văn An');
    const first = row({ orgId: schoolA.id, personId: an.id, studentCode: 'hs 001' });
    expect(await saveClassMembership(first)).to.equal('created');
    expect(await saveClassMembership({ ...first, updatedAt: new Date() })).to.equal('unchanged');
    expect(await saveClassMembership({ ...first, className: '10A2' })).to.equal('updated');
    await saveClassMembership({ ...first, schoolYear: '2027-2028', grade: 11, className: '11A2' });

    const history = await membershipsOfPerson(schoolA.id, an.id);
    expect(history.map((m) => [m.schoolYear, m.className, m.studentCode])).to.deep.equal([
      ['2026-2027', '10A2', 'HS001'],
      ['2027-2028', '11A2', 'HS001'],
    ]);
    expect((await currentMembershipOf(schoolA.id, an.id))?.className).to.equal('11A2');
    expect(await currentMembershipOf(schoolB.id, an.id)).to.equal(null);
    expect(await schoolYearsOf(schoolA.id)).to.deep.equal(['2027-2028', '2026-2027']);
    expect((await peopleByStudentCodes(schoolA.id, ['HS001', 'HS404'])).get('HS001')).to.equal(an.id);
    expect((await peopleByStudentCodes(schoolB.id, ['HS001'])).size).to.equal(0);
  });

  it('lists a class, its members per class and the classes of a year, defined or derived', async () => {
    const { schoolA } = await province();
    const students = await Promise.all(
      ['Bình', 'Chi', 'Dũng'].map((n) => person([{ org: schoolA, role: 'student' }], n)),
    );
    const classes = ['10A1', '10a1', '11B'];
    for (const [i, s] of students.entries())
      await saveClassMembership(
        row({
          orgId: schoolA.id,
          personId: s.id,
          className: classes[i]!,
          grade: i < 2 ? 10 : 11,
          studentCode: `C${i}`,
        }),
      );
    expect((await membershipsOfClass(schoolA.id, '2026-2027', '10 A1')).map((m) => m.personId).sort()).to.deep.equal(
      [students[0]!.id, students[1]!.id].sort(),
    );
    const byClass = await membersByClass(schoolA.id, '2026-2027');
    expect(byClass.get('10A1')).to.have.length(2);
    expect(byClass.get('11B')).to.deep.equal([students[2]!.id]);
    expect((await classesOfYear(schoolA.id, '2026-2027')).map((c) => c.className)).to.deep.equal(['10A1', '11B']);

    await defineClasses(
      ['12C1', '10A1'].map((className) => ({
        orgId: schoolA.id,
        schoolYear: '2026-2027',
        className,
        grade: Number(className.slice(0, 2)),
      })),
    );
    expect((await classesOfYear(schoolA.id, '2026-2027')).map((c) => c.className)).to.deep.equal(['10A1', '12C1']);
    const ofPeople = await membershipsOfPeople(schoolA.id, '2026-2027', [students[2]!.id]);
    expect(ofPeople.get(students[2]!.id)?.className).to.equal('11B');

    expect(await markGraduated(schoolA.id, '2026-2027', [students[2]!.id])).to.equal(1);
    expect(await markGraduated(schoolA.id, '2026-2027', [students[2]!.id])).to.equal(0);
    expect((await currentMembershipOf(schoolA.id, students[2]!.id))?.outcome).to.equal('graduated');
  });
});
