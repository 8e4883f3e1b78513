/**
 * The printed collection of a school: who may catalogue, manage copies, configure the library and
 * read its registers, and who may see or change a copy school A owns. Asked of src/policies directly.
 */
import { expect } from 'chai';
import { canOnCopy, canOnLibrary, copyActions, libraryActions } from '../../../src/policies/library.js';
import { actors, mismatches, schoolA, schoolB, tree, type ActorName } from '../support/province.js';

const managers = ['sysAdmin', 'deptAdmin', 'district1Admin', 'adminA', 'librarianA'] as const;
const staffA = ['owner', 'teacherA'] as const;
const each = (names: readonly ActorName[], row: string) => Object.fromEntries(names.map((n) => [n, row]));

/** Columns: catalogue, manageCopies, viewCopies, configure, viewRegisters — in school A. */
const onLibraryA: Partial<Record<ActorName, string>> = {
  ...each(managers, 'YYYYY'),
  ...each(staffA, '..Y..'),
};

/** Columns: view, changeStatus, withdraw, edit — a copy owned by school A. */
const onCopyOfA: Partial<Record<ActorName, string>> = {
  ...each(managers, 'YYYY'),
  ...each(staffA, 'Y...'),
};

describe('policies: the printed collection of a school', () => {
  it('lets the librarians and admins of the school or above catalogue, manage copies and configure; its teachers look', () => {
    expect(
      mismatches(onLibraryA, libraryActions, (actor, action) => canOnLibrary(actor, action, schoolA.id, tree), String),
    ).to.deep.equal([]);
  });

  it("keeps one school's copies out of another school's reach, and out of another district's", () => {
    expect(
      mismatches(
        onCopyOfA,
        copyActions,
        (actor, action) => canOnCopy(actor, action, { orgId: schoolA.id }, tree),
        String,
      ),
    ).to.deep.equal([]);
    expect(canOnCopy(actors.teacherB, 'view', { orgId: schoolB.id }, tree)).to.equal(true);
    expect(canOnCopy(actors.librarianA, 'edit', { orgId: schoolB.id }, tree)).to.equal(false);
    expect(canOnCopy(actors.district2Admin, 'edit', { orgId: schoolA.id }, tree)).to.equal(false);
  });
});
