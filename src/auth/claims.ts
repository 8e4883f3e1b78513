/**
 * What a portal says about a person, mapped to what we need: pure functions, no I/O, so every rule
 * (which attribute is the id, how roles and school codes translate) is unit-tested on its own.
 */
import type { Organisation } from '../domain/organisation.js';
import type { Role } from '../domain/person.js';
import type { AttributeMapping } from '../domain/samlIdp.js';

export { defaultRoleValues } from '../domain/samlIdp.js';

export type Attributes = Record<string, unknown>;

export interface MappedClaims {
  userId: string;
  email: string | null;
  displayName: string;
  roles: Role[];
  schoolCode: string | null;
}

/** Why a login cannot be accepted; each has a message (saml.refused.*) saying whom to contact. */
export type RefusalReason = 'noUserId' | 'noRole' | 'unknownSchool' | 'noSchool';

export type Mapped<T> = { ok: true; value: T } | { ok: false; reason: RefusalReason; detail?: string };

/** Attribute values arrive as a string or a list of strings; other shapes count as absent. */
export function values(attributes: Attributes, name: string | null): string[] {
  if (!name) return [];
  const raw = attributes[name];
  const list = Array.isArray(raw) ? raw : [raw];
  return list
    .filter((v): v is string => typeof v === 'string')
    .map((v) => v.trim())
    .filter(Boolean);
}

export function mapRoles(raw: readonly string[], roleValues: Record<string, Role>): Role[] {
  const found = raw.map((v) => roleValues[v.toLowerCase()]).filter((r): r is Role => r !== undefined);
  return [...new Set(found)];
}

export function mapClaims(nameId: string, attributes: Attributes, mapping: AttributeMapping): Mapped<MappedClaims> {
  const userId = mapping.userId ? values(attributes, mapping.userId)[0] : nameId.trim();
  if (!userId) return { ok: false, reason: 'noUserId', detail: mapping.userId ?? 'NameID' };
  const roles = mapRoles(values(attributes, mapping.role), mapping.roleValues);
  if (!roles.length)
    return { ok: false, reason: 'noRole', detail: values(attributes, mapping.role).join(', ') || mapping.role };
  const email = values(attributes, mapping.email).find((e) => /^[^\s@]+@[^\s@]+$/.test(e)) ?? null;
  const displayName = values(attributes, mapping.displayName)[0]?.slice(0, 200) ?? email ?? userId;
  return {
    ok: true,
    value: { userId, email, displayName, roles, schoolCode: values(attributes, mapping.schoolCode)[0] ?? null },
  };
}

/**
 * The person's school: the one their school code names inside the portal's subtree (a provincial
 * portal), or the portal's own organisation when it is a school and sends no code (a school portal).
 * A code outside the subtree is refused: a portal vouches only for its own schools.
 */
export function resolveOrganisation(
  schoolCode: string | null,
  idpOrg: Organisation,
  lookup: { byCode(code: string): Organisation | undefined; isWithin(id: string, ancestorId: string): boolean },
): Mapped<Organisation> {
  if (!schoolCode) return idpOrg.type === 'school' ? { ok: true, value: idpOrg } : { ok: false, reason: 'noSchool' };
  const org = lookup.byCode(schoolCode);
  if (!org || !lookup.isWithin(org.id, idpOrg.id)) return { ok: false, reason: 'unknownSchool', detail: schoolCode };
  return { ok: true, value: org };
}
