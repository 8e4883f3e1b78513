/**
 * LTI role URIs → our roles. Only the standard LIS v2 vocabulary
 * (https://www.imsglobal.org/spec/lti/v1p3#role-vocabularies): a platform that sends other URIs
 * gets no role from them.
 */
import type { Role } from '../domain/person.js';

const LIS = 'http://purl.imsglobal.org/vocab/lis/v2';

const roleOf: Record<string, Role> = {
  [`${LIS}/membership#Instructor`]: 'teacher',
  [`${LIS}/membership#ContentDeveloper`]: 'teacher',
  [`${LIS}/membership#Learner`]: 'student',
  [`${LIS}/membership#Administrator`]: 'org_admin',
  [`${LIS}/institution/person#Administrator`]: 'org_admin',
  [`${LIS}/system/person#Administrator`]: 'org_admin',
};

/** Our roles for these LTI roles, strongest first, each once. */
export function rolesFromLti(uris: readonly string[]): Role[] {
  const found = new Set(uris.map((u) => roleOf[u]).filter((r): r is Role => r !== undefined));
  return (['org_admin', 'teacher', 'student'] as const).filter((r) => found.has(r));
}

/** Teachers and administrators may add items to a course; learners may not. */
export function mayPickResources(uris: readonly string[]): boolean {
  return rolesFromLti(uris).some((r) => r === 'teacher' || r === 'org_admin');
}
