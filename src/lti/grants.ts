/** Access granted by launches: a learner sent to an item from a course may open it, whatever its scope. */
import { retryLostUpsert } from '../db/errors.js';
import { LtiGrantModel } from '../models/lti.js';

export async function grantResource(personId: string, resourceId: string): Promise<void> {
  await retryLostUpsert(() => LtiGrantModel.updateOne({ _id: personId }, { $addToSet: { resourceIds: resourceId }, $set: { modifiedAt: new Date() } }, { upsert: true }));
}

export async function grantedResources(personId: string): Promise<ReadonlySet<string>> {
  const record = await LtiGrantModel.findById(personId).lean();
  return new Set(record?.resourceIds ?? []);
}
