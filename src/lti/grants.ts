/**
 * Access granted by launches: a learner sent to an item from a course may open it, whatever its
 * scope, in the sessions of that course only. One record per person and course of a platform.
 */
import { retryLostUpsert } from '../db/errors.js';
import { LtiGrantModel } from '../models/lti.js';

/** The course a launch came from; a launch without a context claim is a course of its own. */
export interface LtiCourse {
  platformUrl: string;
  courseId: string | null;
}

const grantKey = (personId: string, course: LtiCourse) => JSON.stringify([personId, course.platformUrl, course.courseId]);

export async function grantResource(personId: string, course: LtiCourse, resourceId: string): Promise<void> {
  await retryLostUpsert(() =>
    LtiGrantModel.updateOne(
      { _id: grantKey(personId, course) },
      { $addToSet: { resourceIds: resourceId }, $set: { personId, platformUrl: course.platformUrl, courseId: course.courseId, modifiedAt: new Date() } },
      { upsert: true },
    ),
  );
}

export async function grantedResources(personId: string, course: LtiCourse): Promise<ReadonlySet<string>> {
  const record = await LtiGrantModel.findById(grantKey(personId, course)).lean();
  return new Set(record?.resourceIds ?? []);
}
