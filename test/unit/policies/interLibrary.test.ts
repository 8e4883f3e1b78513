/**
 * Inter-library requests in the small province: a student of school B asks school A. Who may ask,
 * and who takes each step. Asked of src/policies directly.
 */
import { expect } from 'chai';
import {
  canListInterLibrary,
  canOnInterLibrary,
  canRequestInterLibrary,
  interLibraryActions,
} from '../../../src/policies/interLibrary.js';
import { actors, mismatches, schoolA, schoolB, schoolC, tree, type ActorName } from '../support/province.js';

const request = { requesterId: actors.studentB.personId!, borrowingOrgId: schoolB.id, lendingOrgId: schoolA.id };

/** Columns: view, send, refuse, cancel, receive, return — studentB's request of school A. */
const onRequest: Partial<Record<ActorName, string>> = {
  sysAdmin: 'Y YY YYY',
  deptAdmin: 'Y YY YYY',
  district1Admin: 'Y YY YYY',
  adminA: 'Y YY ..Y',
  librarianA: 'Y YY ..Y',
  studentB: 'Y .. Y..',
};

describe('policies: inter-library requests', () => {
  it('lets the lending school send or refuse, the borrowing school receive, the reader cancel', () => {
    expect(
      mismatches(
        onRequest,
        interLibraryActions,
        (actor, action) => canOnInterLibrary(actor, action, request, tree),
        String,
      ),
    ).to.deep.equal([]);
  });

  it('lets a teacher or student of a school ask another school of the province, for themself', () => {
    const askers = (borrowing: string, lending: string) =>
      (Object.keys(actors) as ActorName[]).filter((n) => canRequestInterLibrary(actors[n], borrowing, lending, tree));
    expect(askers(schoolB.id, schoolA.id)).to.deep.equal(['teacherB', 'studentB']);
    expect(askers(schoolA.id, schoolC.id)).to.deep.equal(['librarianA', 'owner', 'teacherA', 'studentA']);
    expect(askers(schoolA.id, schoolA.id), 'not one’s own school').to.deep.equal([]);
    expect(askers(schoolB.id, 'district1'), 'a district office is no library').to.deep.equal([]);
  });

  it('shows a school’s lists to its librarians and admins only', () => {
    const listers = (Object.keys(actors) as ActorName[]).filter((n) =>
      canListInterLibrary(actors[n], schoolA.id, tree),
    );
    expect(listers).to.deep.equal(['sysAdmin', 'deptAdmin', 'district1Admin', 'adminA', 'librarianA']);
  });
});
