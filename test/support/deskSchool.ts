/**
 * A school's desk as the desk tests set it up: school A of a fresh province, its librarian signed
 * in over HTTP, a reader (a student of school A) and a printed title; copies of it lent to the
 * reader on demand, and the school's circulation settings changed as its librarian would.
 */
import type { Copy } from '../../src/domain/copy.js';
import type { Loan } from '../../src/domain/loan.js';
import type { CirculationSettingsInput } from '../../src/services/library/circulationSettings.js';
import { signedIn, type Client } from './client.js';
import { testContext } from './context.js';
import { person, printedTitle, province, type TestPerson } from './fixtures.js';
import { addPrintedCopies } from './printedCopies.js';

const DAY = 86_400_000;

export interface DeskSchool {
  world: Awaited<ReturnType<typeof province>>;
  librarian: TestPerson;
  reader: TestPerson;
  /** The librarian's HTTP client. */
  desk: Client;
  titleId: string;
}

export async function deskSchool(url: string, names: { reader: string; title: string }): Promise<DeskSchool> {
  const world = await province();
  const librarian = await person([{ org: world.schoolA, role: 'librarian' }], 'Cô Thư');
  const reader = await person([{ org: world.schoolA, role: 'student' }], names.reader);
  const titleId = (await printedTitle(librarian.actor, world.schoolA, { metadata: { title: names.title } })).id;
  return { world, librarian, reader, desk: await signedIn(url, librarian), titleId };
}

/** New copies of the school's title, each lent to its reader `daysAgo` days ago (their overdues confirmed). */
export async function lentCopies(
  school: DeskSchool,
  count: number,
  daysAgo = 0,
): Promise<{ loan: Loan; copy: Copy }[]> {
  const { circulation } = testContext().services;
  const { librarian, reader, world } = school;
  const at = new Date(Date.now() - daysAgo * DAY);
  const lent = [];
  for (const copy of await addPrintedCopies(librarian.actor, world.schoolA.id, school.titleId, count)) {
    const patron = { patronId: reader.id, barcode: copy.barcode, confirmed: ['patron_has_overdues' as const] };
    lent.push({ loan: (await circulation.checkOut(librarian.actor, world.schoolA.id, patron, at)).loan, copy });
  }
  return lent;
}

/** Saves the school's circulation settings changed by `change` (given the current ones), as its librarian. */
export async function changeCirculation(
  school: DeskSchool,
  change: (current: CirculationSettingsInput) => Partial<CirculationSettingsInput>,
): Promise<void> {
  const { circulationSettings } = testContext().services;
  const orgId = school.world.schoolA.id;
  const { orgId: _orgId, version, ...current } = await circulationSettings.settingsOf(orgId);
  await circulationSettings.update(school.librarian.actor, orgId, version, { ...current, ...change(current) });
}
