/**
 * What a learner launched into a printed title sees of it: the copies at their school, and whether
 * they already hold it there.
 */
import type { OrganisationTree } from '../domain/organisation.js';
import type { Person } from '../domain/person.js';
import type { Resource } from '../domain/resource.js';
import type { Services } from '../services/index.js';

export interface PrintedAtSchool {
  schoolId: string;
  school: string;
  total: number;
  available: number;
  /** The status of the learner's open hold on the title there, if any. */
  heldStatus: string | null;
}

/**
 * The learner's school: the deployment's organisation when it is a school, else the school under
 * it the person belongs to (a province-wide Moodle deployed for the Department).
 */
export function learnerSchool(person: Person, deploymentOrgId: string, tree: OrganisationTree): string | null {
  if (tree.get(deploymentOrgId)?.type === 'school') return deploymentOrgId;
  const schools = person.memberships
    .map((m) => m.orgId)
    .filter((id) => tree.get(id)?.type === 'school' && tree.isWithin(id, deploymentOrgId));
  return schools[0] ?? null;
}

/** What the launch page shows of a printed title at the learner's school; null for a digital item. */
export async function printedAtSchool(
  services: Services,
  person: Person,
  deploymentOrgId: string,
  resource: Resource,
): Promise<PrintedAtSchool | null> {
  if (!resource.print) return null;
  const { tree, holdings, holds } = services;
  const schoolId = learnerSchool(person, deploymentOrgId, tree);
  if (!schoolId) return null;
  const here = holdings.summary(resource.id).find((s) => s.orgId === schoolId);
  const open = (await holds.ofPatron(person.id)).find(
    (h) => h.orgId === schoolId && h.resourceId === resource.id && (h.status === 'waiting' || h.status === 'ready'),
  );
  return {
    schoolId,
    school: tree.get(schoolId)?.name ?? '',
    total: here?.total ?? 0,
    available: here?.available ?? 0,
    heldStatus: open?.status ?? null,
  };
}
