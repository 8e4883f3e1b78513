/** Named queries over platform registrations (./lti.ts): records come out as the domain's `LtiPlatform`. */
import type { LtiDeployment, LtiPlatform } from '../domain/ltiPlatform.js';
import { isDuplicateKey } from '../db/errors.js';
import { LtiPlatformModel, type LtiPlatformRecord } from './lti.js';

const toLtiPlatform = ({ _id, ...rest }: LtiPlatformRecord): LtiPlatform => ({ id: _id, ...rest });

export async function findLtiPlatform(id: string): Promise<LtiPlatform | null> {
  const record = await LtiPlatformModel.findById(id).lean<LtiPlatformRecord>();
  return record ? toLtiPlatform(record) : null;
}

/** All registrations, oldest first: a handful per province. */
export async function allLtiPlatforms(): Promise<LtiPlatform[]> {
  return (await LtiPlatformModel.find().sort({ createdAt: 1 }).lean<LtiPlatformRecord[]>()).map(toLtiPlatform);
}

/** False when a platform with this id is registered already. */
export async function insertLtiPlatform({ id, ...rest }: LtiPlatform): Promise<boolean> {
  try {
    await LtiPlatformModel.create({ _id: id, ...rest });
    return true;
  } catch (err) {
    if (isDuplicateKey(err)) return false;
    throw err;
  }
}

export async function deleteLtiPlatform(id: string): Promise<void> {
  await LtiPlatformModel.deleteOne({ _id: id });
}

export async function updateLtiPlatformSettings(
  id: string,
  settings: { orgId: string; deployments: LtiDeployment[]; matchByEmail: boolean },
): Promise<LtiPlatform | null> {
  const record = await LtiPlatformModel.findOneAndUpdate(
    { _id: id },
    { $set: settings },
    { returnDocument: 'after' },
  ).lean<LtiPlatformRecord>();
  return record ? toLtiPlatform(record) : null;
}
