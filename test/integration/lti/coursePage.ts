/**
 * The test platform's course page framing the tool, as Moodle shows an activity: the frame starts
 * with a third-party-initiated login carrying `hint` (the launch's options), so that the browser
 * goes through the real OIDC flow. A hint is answered once: make each launch's hint different.
 */
import type { LtiHarness } from './harness.js';

export function coursePageUrl(h: LtiHarness, hint: Record<string, unknown>, sub: string): string {
  const login = new URL(`${h.server.url}/lti/login`);
  login.search = new URLSearchParams({
    iss: h.platform.url,
    login_hint: sub,
    target_link_uri: `${h.server.url}/lti`,
    client_id: h.platform.clientId,
    lti_deployment_id: h.platform.deploymentId,
    lti_message_hint: JSON.stringify(hint),
  }).toString();
  return `${h.platform.url}/course?src=${encodeURIComponent(login.toString())}`;
}
