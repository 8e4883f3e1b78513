/** One app over HTTP, one test platform registered by an organisation admin through the admin pages. */
import { expect } from 'chai';
import type { Organisation } from '../../../src/domain/organisation.js';
import { startTestServer, type TestServer } from '../../support/context.js';
import { freePort } from '../../support/toolkit.js';
import { person, province } from '../../support/fixtures.js';
import { signedIn, type Client } from '../../support/client.js';
import { TestLtiPlatform } from '../../support/ltiPlatform.js';

export interface LtiHarness {
  server: TestServer;
  /** The tool's public address (its BASE_URL), as browsers reach it. */
  toolUrl: string;
  platform: TestLtiPlatform;
  department: Organisation;
  schoolA: Organisation;
  schoolB: Organisation;
  admin: Client;
  stop(): Promise<void>;
}

export async function registerByHand(admin: Client, platform: TestLtiPlatform, org: Organisation): Promise<Response> {
  return admin.request('POST', '/admin/lti/platforms', { form: platform.registrationForm(org.id) });
}

/**
 * toolHost 'localhost': the tool's BASE_URL is http://localhost, a different site from the platform
 * on 127.0.0.1, as when trying the tool beside a local Moodle; otherwise both are on 127.0.0.1.
 */
export async function startLtiHarness(options: { toolHost?: 'localhost' } = {}): Promise<LtiHarness> {
  const port = options.toolHost ? await freePort() : 0;
  const server = await startTestServer(options.toolHost ? { baseUrl: `http://${options.toolHost}:${port}` } : {}, port);
  const toolUrl = options.toolHost ? `http://${options.toolHost}:${port}` : server.url;
  const platform = await new TestLtiPlatform().start(toolUrl);
  const { department, schoolA, schoolB } = await province();
  const orgAdmin = await person([{ org: schoolA, role: 'org_admin' }], 'Quản trị trường A');
  const admin = await signedIn(server.url, orgAdmin);
  const res = await registerByHand(admin, platform, schoolA);
  expect(res.status, await res.clone().text()).to.equal(303);
  return {
    server,
    toolUrl,
    platform,
    department,
    schoolA,
    schoolB,
    admin,
    stop: async () => {
      await platform.stop();
      await server.close();
    },
  };
}
