/** The browser's side of LTI launches for benchmarks and the soak: registering the test platform, complete launches. */
import http from 'node:http';
import { ROLE, type TestLtiPlatform } from '../../test/support/ltiPlatform.js';
import { CookieJar } from '../../test/support/toolkit.js';

/** Registers the test platform for `schoolId` through the admin pages, as the signed-in `cookie`. */
export async function registerPlatform(
  url: string,
  platform: TestLtiPlatform,
  schoolId: string,
  cookie: string,
): Promise<void> {
  const form = await fetch(`${url}/admin/lti/new`, { headers: { cookie } });
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1];
  if (!csrf) throw new Error(`no registration form: ${form.status}`);
  const res = await fetch(`${url}/admin/lti/platforms`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: csrf, ...platform.registrationForm(schoolId) }),
  });
  if (res.status !== 303) throw new Error(`registration failed: ${res.status} ${await res.text()}`);
}

/**
 * The browser's side of a launch, on kept-alive connections. node:http rather than fetch: this
 * process shares the cores with the app, and fetch costs it about twice as much CPU a request.
 */
// Idle sockets are dropped after 4 s, before the server's keep-alive timeout (5 s) closes them: a
// request sent on a socket the server is closing at that moment fails with ECONNRESET (seen in the soak).
const agent = new http.Agent({ keepAlive: true, timeout: 4_000 });
function request(
  url: URL | string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; headers: http.IncomingHttpHeaders; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: options.method ?? 'GET', headers: options.headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

/** One complete launch; returns the app's share of its time in ms. */
export async function launch(
  url: string,
  platform: TestLtiPlatform,
  learner: string,
  resourceId: string,
): Promise<number> {
  const login = new URL(`${url}/lti/login`);
  login.search = new URLSearchParams({
    iss: platform.url,
    login_hint: learner,
    target_link_uri: `${url}/lti`,
    client_id: platform.clientId,
    lti_deployment_id: platform.deploymentId,
  }).toString();
  let t = performance.now();
  const started = await request(login);
  let serverMs = performance.now() - t;
  const location = started.headers.location;
  if (started.status !== 302 || !location) throw new Error(`login → ${started.status}`);
  const cookie = new CookieJar().keep(started.headers['set-cookie'] ?? []).header();
  const { action, form } = await platform.authorise(
    Object.fromEntries(new URL(location).searchParams) as Record<string, string>,
    { roles: [ROLE.learner], custom: { tvs_resource_id: resourceId } },
  );
  t = performance.now();
  const page = await request(action, {
    method: 'POST',
    body: new URLSearchParams(form).toString(),
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
  });
  serverMs += performance.now() - t;
  if (page.status !== 200 || !page.text.includes('class="lti-item"'))
    throw new Error(
      `launch → ${page.status}: ${/<p class="lead">([^<]*)/.exec(page.text)?.[1] ?? page.text.slice(0, 300)}`,
    );
  return serverMs;
}
