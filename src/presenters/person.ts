/** What leaves the server about people. */
import type { Person, Role } from '../domain/person.js';
import type { OrganisationTree } from '../domain/organisation.js';
import type { Language } from '../i18n/index.js';
import { translator } from '../i18n/index.js';

export interface CurrentUserView {
  id: string;
  displayName: string;
  systemAdmin: boolean;
  roles: { orgId: string; orgName: string; role: Role; roleLabel: string }[];
  isStaff: boolean;
  managesSomething: boolean;
}

export function presentCurrentUser(person: Person, tree: OrganisationTree, lang: Language): CurrentUserView {
  const t = translator(lang);
  return {
    id: person.id,
    displayName: person.displayName,
    systemAdmin: person.systemAdmin,
    roles: person.memberships.map((m) => ({
      orgId: m.orgId,
      orgName: tree.get(m.orgId)?.name ?? m.orgId,
      role: m.role,
      roleLabel: t(`roles.${m.role}`),
    })),
    isStaff: person.systemAdmin || person.memberships.some((m) => m.role !== 'student'),
    managesSomething:
      person.systemAdmin || person.memberships.some((m) => m.role === 'org_admin' || m.role === 'librarian'),
  };
}

export interface PersonView {
  id: string;
  displayName: string;
  email: string | null;
  memberships: { orgId: string; orgName: string; role: Role }[];
  systemAdmin: boolean;
  disabled: boolean;
  lastLoginAt: string | null;
}

export function presentPerson(person: Person, tree: OrganisationTree): PersonView {
  return {
    id: person.id,
    displayName: person.displayName,
    email: person.email,
    memberships: person.memberships.map((m) => ({
      orgId: m.orgId,
      orgName: tree.get(m.orgId)?.name ?? m.orgId,
      role: m.role,
    })),
    systemAdmin: person.systemAdmin,
    disabled: person.disabled,
    lastLoginAt: person.lastLoginAt?.toISOString() ?? null,
  };
}
