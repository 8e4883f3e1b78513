/**
 * Access granted by launches: a learner sent to an item from a course may open it, whatever its
 * scope, in the sessions of that course only. One record per person and course of a platform.
 */
import { addGrantedResource, grantedResourceIds } from '../models/lti.js';

/** The course a launch came from; a launch without a context claim is a course of its own. */
export interface LtiCourse {
  platformUrl: string;
  courseId: string | null;
}

const grantKey = (personId: string, course: LtiCourse) =>
  JSON.stringify([personId, course.platformUrl, course.courseId]);

export async function grantResource(personId: string, course: LtiCourse, resourceId: string): Promise<void> {
  const grant = { personId, platformUrl: course.platformUrl, courseId: course.courseId };
  await addGrantedResource(grantKey(personId, course), grant, resourceId);
}

export async function grantedResources(personId: string, course: LtiCourse): Promise<ReadonlySet<string>> {
  return new Set(await grantedResourceIds(grantKey(personId, course)));
}
