/** Builders for test data on the real database, through the services (never around them). */
import { randomInt } from 'node:crypto';
import type { Organisation } from '../../src/domain/organisation.js';
import type { Role } from '../../src/domain/person.js';
import type { PrintEdition } from '../../src/domain/printEdition.js';
import type { ResourceMetadata, SharingScope } from '../../src/domain/resource.js';
import type { Actor } from '../../src/policies/actor.js';
import { actorOf } from '../../src/services/accounts.js';
import { testContext } from './context.js';
import { metadata, printEdition } from './metadata.js';
import { unique } from './toolkit.js';

export { metadata, printEdition };

let systemActor: Actor | undefined;
export async function system(): Promise<Actor> {
  if (!systemActor) {
    const person = await testContext().services.accounts.createLocalAccount({
      username: `sys-${unique()}`,
      password: 'mat-khau-dai-du-an-toan',
      displayName: 'System',
      email: null,
      memberships: [],
      systemAdmin: true,
    });
    systemActor = actorOf(person);
  }
  return systemActor;
}

export async function organisation(
  name: string,
  parent: Organisation | null = null,
  type: Organisation['type'] = 'school',
): Promise<Organisation> {
  return testContext().services.organisations.create(await system(), parent?.id ?? null, {
    code: `T-${unique()}`,
    name,
    type,
  });
}

/** A province with two schools, fresh for each call. */
export async function province() {
  const department = await organisation('Sở GD&ĐT thử nghiệm', null, 'department');
  const schoolA = await organisation('Trường THCS A', department);
  const schoolB = await organisation('Trường THCS B', department);
  return { department, schoolA, schoolB };
}

export interface TestPerson {
  actor: Actor;
  username: string;
  password: string;
  id: string;
}

export async function person(
  memberships: { org: Organisation; role: Role }[],
  name = 'Người thử',
): Promise<TestPerson> {
  const username = `u-${unique()}`;
  const password = `pw-${unique()}-${unique()}`;
  const p = await testContext().services.accounts.createLocalAccount({
    username,
    password,
    displayName: name,
    email: `${username}@example.edu.vn`,
    memberships: memberships.map((m) => ({ orgId: m.org.id, role: m.role })),
  });
  return { actor: actorOf(p), username, password, id: p.id };
}

/** A resource created by `owner` and, unless told otherwise, published by a system admin. */
export async function resource(
  owner: Actor,
  org: Organisation,
  options: {
    metadata?: Partial<ResourceMetadata>;
    scope?: SharingScope;
    status?: 'draft' | 'submitted' | 'published';
  } = {},
) {
  const { resources } = testContext().services;
  let r = await resources.create(owner, org.id, {
    metadata: metadata(options.metadata),
    scope: options.scope ?? 'public',
  });
  const status = options.status ?? 'published';
  if (status === 'draft') return r;
  r = await resources.transition(owner, r.id, r.version, 'submit');
  if (status === 'submitted') return r;
  return resources.transition(await system(), r.id, r.version, 'approve');
}

/**
 * A valid ISBN-13 under Vietnam's prefix (978-604) that no other test uses: tests that look titles
 * up by ISBN must not depend on how many other tests (or the demo seed) share `printEdition`'s.
 */
export function uniqueIsbn(): string {
  const body = `978604${randomInt(0, 1_000_000).toString().padStart(6, '0')}`;
  const sum = [...body].reduce((total, digit, i) => total + Number(digit) * (i % 2 ? 3 : 1), 0);
  return `${body}${(10 - (sum % 10)) % 10}`;
}

/** A published printed title catalogued by a librarian (or admin) of `org`. */
export async function printedTitle(
  cataloguer: Actor,
  org: Organisation,
  options: { metadata?: Partial<ResourceMetadata>; print?: Partial<PrintEdition>; scope?: SharingScope } = {},
) {
  return testContext().services.resources.create(
    cataloguer,
    org.id,
    {
      metadata: metadata({ type: 'sach-in', licence: 'all-rights-reserved', ...options.metadata }),
      scope: options.scope ?? 'public',
      print: printEdition(options.print),
    },
    { status: 'published' },
  );
}
