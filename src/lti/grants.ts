/** Access granted by launches: a learner sent to an item from a course may open it, whatever its scope. */
import { isDuplicateKey } from '../db/errors.js';
import { LtiGrantModel } from '../models/lti.js';

export async function grantResource(personId: string, resourceId: string): Promise<void> {
  const grant = () => LtiGrantModel.updateOne({ _id: personId }, { $addToSet: { resourceIds: resourceId }, $set: { modifiedAt: new Date() } }, { upsert: true });
  try {
    await grant();
  } catch (err) {
    // Two launches of one person at once both tried to create the record: the second try adds to it.
    if (!isDuplicateKey(err)) throw err;
    await grant();
  }
}

export async function grantedResources(personId: string): Promise<ReadonlySet<string>> {
  const record = await LtiGrantModel.findById(personId).lean();
  return new Set(record?.resourceIds ?? []);
}
