/**
 * Access granted by launches: a learner sent to an item from a course may open it, whatever its
 * scope, in the sessions of that course only. One record per person and course of a platform.
 */
import { serialisedOnEmbedded } from '../db/documentLocks.js';
import { retryLostUpsert } from '../db/errors.js';
import { LtiGrantModel } from '../models/lti.js';

/** The course a launch came from; a launch without a context claim is a course of its own. */
export interface LtiCourse {
  platformUrl: string;
  courseId: string | null;
}

const grantKey = (personId: string, course: LtiCourse) =>
  JSON.stringify([personId, course.platformUrl, course.courseId]);

export async function grantResource(personId: string, course: LtiCourse, resourceId: string): Promise<void> {
  const id = grantKey(personId, course);
  // Two launches of one learner in one course at the same moment each add their item.
  await serialisedOnEmbedded(`lti_grants:${id}`, () =>
    retryLostUpsert(() =>
      LtiGrantModel.updateOne(
        { _id: id },
        {
          $addToSet: { resourceIds: resourceId },
          $set: { personId, platformUrl: course.platformUrl, courseId: course.courseId, modifiedAt: new Date() },
        },
        { upsert: true },
      ),
    ),
  );
}

export async function grantedResources(personId: string, course: LtiCourse): Promise<ReadonlySet<string>> {
  const record = await LtiGrantModel.findById(grantKey(personId, course)).lean();
  return new Set(record?.resourceIds ?? []);
}
