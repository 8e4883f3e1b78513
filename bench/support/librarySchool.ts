/**
 * The start of every library benchmark's data: one school, its librarian (a local account, signed
 * in later by the benchmark) and `titles` printed titles of theirs, inserted in bulk.
 */
import { Types } from 'mongoose';
import { ResourceModel } from '../../src/models/resource.js';
import type { Services } from '../../src/services/index.js';
import { createSchools, insertResources } from './generate.js';

export async function librarySchool(
  services: Services,
  librarian: { username: string; password: string; displayName: string },
  titles: number,
) {
  const { schoolIds } = await createSchools(1);
  const orgId = schoolIds[0]!.toHexString();
  const account = await services.accounts.createLocalAccount({
    ...librarian,
    email: null,
    memberships: [{ orgId, role: 'librarian' }],
  });
  await insertResources({ count: titles, schoolIds, ownerId: new Types.ObjectId(account.id) });
  const titleIds = (await ResourceModel.find({}, { _id: 1 }).lean()).map((r) => r._id.toHexString());
  /** The school's id as stored in memberships. */
  const school = schoolIds[0]!;
  return { school, orgId, librarianId: account.id, titleIds, batchId: new Types.ObjectId().toHexString() };
}
