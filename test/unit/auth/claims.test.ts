import { expect } from 'chai';
import type { Organisation } from '../../../src/domain/organisation.js';
import type { AttributeMapping } from '../../../src/domain/samlIdp.js';
import { defaultRoleValues, mapClaims, mapRoles, resolveOrganisation, values } from '../../../src/auth/claims.js';

const mapping: AttributeMapping = {
  userId: 'uid',
  email: 'mail',
  displayName: 'displayName',
  role: 'role',
  schoolCode: 'school',
  roleValues: defaultRoleValues,
};

const org = (id: string, code: string, type: Organisation['type'], parentId: string | null): Organisation => ({
  id,
  code,
  name: `Đơn vị ${code}`,
  type,
  parentId,
  createdAt: new Date(0),
  modifiedAt: new Date(0),
});
const department = org('d', 'SO-01', 'department', null);
const school = org('s', 'THCS-01', 'school', 'd');
const elsewhere = org('x', 'THCS-99', 'school', null);
const tree = {
  byCode: (code: string) => [department, school, elsewhere].find((o) => o.code === code),
  isWithin: (id: string, ancestorId: string) => id === ancestorId || (id === 's' && ancestorId === 'd'),
};

describe('SAML claims mapping', () => {
  it('reads attribute values given as a string or a list, ignoring blanks and other shapes', () => {
    expect(values({ a: ' x ', b: ['y', '', 'z'], c: 3, d: [{}] }, 'a')).to.deep.equal(['x']);
    expect(values({ b: ['y', '', 'z'] }, 'b')).to.deep.equal(['y', 'z']);
    expect(values({ c: 3 }, 'c')).to.deep.equal([]);
    expect(values({ a: 'x' }, null)).to.deep.equal([]);
  });

  it('maps role values case-insensitively, once each, and drops the unknown', () => {
    expect(mapRoles(['Teacher', 'GiaoVien', 'janitor'], defaultRoleValues)).to.deep.equal(['teacher']);
    expect(mapRoles(['student', 'staff'], { student: 'student', staff: 'librarian' })).to.deep.equal([
      'student',
      'librarian',
    ]);
  });

  it('takes the configured attribute as the stable id, or the NameID when none is configured', () => {
    const attributes = {
      uid: ['gv01'],
      displayName: 'Nguyễn Văn A',
      role: 'teacher',
      mail: 'a@truong.edu.vn',
      school: 'THCS-01',
    };
    const mapped = mapClaims('_transient', attributes, mapping);
    expect(mapped).to.deep.equal({
      ok: true,
      value: {
        userId: 'gv01',
        email: 'a@truong.edu.vn',
        displayName: 'Nguyễn Văn A',
        roles: ['teacher'],
        schoolCode: 'THCS-01',
      },
    });
    const byNameId = mapClaims('persistent-42', attributes, { ...mapping, userId: null });
    expect(byNameId.ok && byNameId.value.userId).to.equal('persistent-42');
  });

  it('refuses without a user id or a recognised role, saying which', () => {
    expect(mapClaims('_t', { role: 'teacher' }, mapping)).to.deep.equal({
      ok: false,
      reason: 'noUserId',
      detail: 'uid',
    });
    expect(mapClaims('_t', { uid: 'u', role: 'parent' }, mapping)).to.deep.equal({
      ok: false,
      reason: 'noRole',
      detail: 'parent',
    });
  });

  it('falls back to the e-mail, then the id, for the display name, and ignores an invalid e-mail', () => {
    const mapped = mapClaims('_t', { uid: 'u1', role: 'student', mail: 'not an email' }, mapping);
    expect(mapped.ok && mapped.value).to.include({ displayName: 'u1', email: null });
  });

  it("finds the school by its code within the portal's subtree only", () => {
    expect(resolveOrganisation('THCS-01', department, tree)).to.deep.equal({ ok: true, value: school });
    expect(resolveOrganisation('THCS-99', department, tree)).to.deep.equal({
      ok: false,
      reason: 'unknownSchool',
      detail: 'THCS-99',
    });
    expect(resolveOrganisation('NOPE', department, tree)).to.deep.equal({
      ok: false,
      reason: 'unknownSchool',
      detail: 'NOPE',
    });
  });

  it("uses a school portal's own school when no code is sent, and refuses that for a department's portal", () => {
    expect(resolveOrganisation(null, school, tree)).to.deep.equal({ ok: true, value: school });
    expect(resolveOrganisation(null, department, tree)).to.deep.equal({ ok: false, reason: 'noSchool' });
  });
});
