/**
 * A school year of one school library made through the services, with every figure the statistics
 * must show written down beside it: copies added in batches (one title in a previous year), one
 * withdrawn, loans lent and returned on days of the year (two still out past their due day), and
 * a second school of the same department with copies of its own.
 */
import type { Organisation } from '../../../src/domain/organisation.js';
import { saveClassMembership } from '../../../src/models/classMembership.js';
import { testContext } from '../../support/context.js';
import { person, printedTitle, province, type TestPerson } from '../../support/fixtures.js';

export const YEAR = '2026-2027';
const at = (day: string) => new Date(`${day}T09:00:00+07:00`);

export interface StatisticsWorld {
  department: Organisation;
  schoolA: Organisation;
  schoolB: Organisation;
  librarian: TestPerson;
  deptAdmin: TestPerson;
  titles: { poems: string; maths: string; atlas: string };
  students: TestPerson[];
  teacher: TestPerson;
}

/** What the statistics of school A for 2026-2027 must say, as made below. */
export const expected = {
  copies: 5,
  titles: 3,
  byCollection: { TK: 3, SGK: 2 },
  bySubject: { '800': 2, '500': 2, none: 1 },
  byGrade: { '6': 4, '7': 2, none: 1 },
  acquisitions: { '2026-09': 3, '2026-10': 2 },
  withdrawals: { '2026-11': 1 },
  loans: 5,
  loansByMonth: { '2026-07': 1, '2026-09': 1, '2026-10': 2, '2026-11': 1 },
  byPatronType: { student: 4, teacher: 1, staff: 0 },
  topTitles: [
    ['poems', 3],
    ['maths', 2],
  ] as const,
  students: 4,
  patrons: 6,
  activeReaders: 3,
  overdue: 2,
  copiesB: 2,
  /** Class, students who borrowed, students. */
  classes: [
    ['6A1', 2, 3],
    ['7A2', 0, 1],
  ] as const,
};

export async function statisticsWorld(): Promise<StatisticsWorld> {
  const { department, schoolA, schoolB } = await province();
  const librarian = await person([{ org: schoolA, role: 'librarian' }], 'Cô Thư');
  const deptAdmin = await person([{ org: department, role: 'org_admin' }], 'Chuyên viên Sở');
  const students: TestPerson[] = [];
  for (const name of ['Nguyễn An', 'Trần Bình', 'Lê Chi', 'Phạm Dũng'])
    students.push(await person([{ org: schoolA, role: 'student' }], name));
  const teacher = await person([{ org: schoolA, role: 'teacher' }], 'Thầy Giáo');
  const cataloguer = librarian.actor;
  const librarianB = (await person([{ org: schoolB, role: 'librarian' }], 'Thủ thư B')).actor;
  const poems = await printedTitle(cataloguer, schoolA, {
    metadata: { title: 'Thơ Tố Hữu', grades: [6] },
    print: { classification: { scheme: 'ddc', number: '895.922' } },
  });
  const maths = await printedTitle(cataloguer, schoolA, {
    metadata: { title: 'Toán 6–7', grades: [6, 7] },
    print: { classification: { scheme: 'ddc', number: '510' } },
  });
  const atlas = await printedTitle(cataloguer, schoolA, {
    metadata: { title: 'Tập bản đồ', grades: [] },
    print: { classification: null },
  });
  const add = async (org: Organisation, titleId: string, collection: string, count: number, date: string) =>
    (
      await testContext().services.copies.add(org.id === schoolA.id ? cataloguer : librarianB, titleId, {
        orgId: org.id,
        collection,
        location: 'KHO',
        numbering: { count },
        batch: { date, source: 'purchase', supplier: null, documentNumber: null, note: null },
        price: 25_000,
        volume: null,
        note: null,
      })
    ).copies;
  const poemCopies = await add(schoolA, poems.id, 'TK', 3, '2026-09-05');
  const mathCopies = await add(schoolA, maths.id, 'SGK', 2, '2026-10-10');
  await add(schoolA, atlas.id, 'TK', 1, '2025-12-01');
  await add(schoolB, poems.id, 'TK', 2, '2026-09-20');

  const { copies, circulation } = testContext().services;
  const worn = poemCopies[2]!;
  await copies.withdraw(cataloguer, worn.id, worn.version, {
    record: { date: '2026-11-20', reason: 'worn', documentNumber: null, note: null },
    reason: null,
    note: null,
  });
  const lend = async (reader: TestPerson, barcode: string, day: string, dueDate: string, back?: string) => {
    await circulation.checkOut(
      cataloguer,
      schoolA.id,
      { patronId: reader.id, barcode, confirmed: ['patron_has_overdues', 'held_for_other'], dueDate },
      at(day),
    );
    if (back) await circulation.checkIn(cataloguer, schoolA.id, barcode, at(back));
  };
  const classOf = ['6A1', '6A1', '6A1', '7A2'];
  for (const [i, s] of students.entries()) {
    const className = classOf[i]!;
    await saveClassMembership({
      personId: s.id,
      orgId: schoolA.id,
      schoolYear: YEAR,
      grade: Number(className[0]),
      className,
      studentCode: `HS${i + 1}`,
      outcome: 'enrolled',
      updatedAt: new Date(),
    });
  }
  const [s1, s2] = students as [TestPerson, TestPerson];
  await lend(s1, poemCopies[0]!.barcode, '2026-07-10', '2026-07-24');
  await lend(s1, mathCopies[0]!.barcode, '2026-09-15', '2026-09-29', '2026-09-20');
  await lend(s2, mathCopies[0]!.barcode, '2026-10-02', '2026-10-16', '2026-10-09');
  await lend(teacher, poemCopies[1]!.barcode, '2026-10-05', '2026-11-04', '2026-10-20');
  await lend(s2, poemCopies[1]!.barcode, '2026-11-03', '2026-11-17');
  return {
    department,
    schoolA,
    schoolB,
    librarian,
    deptAdmin,
    titles: { poems: poems.id, maths: maths.id, atlas: atlas.id },
    students,
    teacher,
  };
}
