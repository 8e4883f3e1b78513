/** /metrics over real HTTP: closed by default, open with the token or from an allowed address, and what it reports. */
import { expect } from 'chai';
import { startTestServer, testContext, type TestServer } from '../../support/context.js';
import { organisation, resource, system } from '../../support/fixtures.js';

const TOKEN = 'metrics-token-for-the-test-0123456789';

describe('/metrics', function () {
  this.timeout(60_000);
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });
  const scrape = (headers: Record<string, string> = {}) => fetch(`${server!.url}/metrics`, { headers });

  it('is closed to everyone when nothing is configured', async () => {
    server = await startTestServer({ metrics: { token: undefined, allow: [] } });
    expect((await scrape()).status).to.equal(404);
    expect((await scrape({ Authorization: 'Bearer ' })).status).to.equal(404);
  });

  it('opens to the bearer token only, and to allowed addresses', async () => {
    server = await startTestServer({ metrics: { token: TOKEN, allow: [] } });
    expect((await scrape()).status).to.equal(404);
    expect((await scrape({ Authorization: `Bearer ${TOKEN}x` })).status).to.equal(404);
    expect((await scrape({ Authorization: `Bearer ${TOKEN}` })).status).to.equal(200);
    await server.close();

    server = await startTestServer({ metrics: { token: undefined, allow: ['10.0.0.0/8', '127.0.0.0/8'] } });
    expect((await scrape()).status).to.equal(200);
    await server.close();
    server = await startTestServer({ metrics: { token: undefined, allow: ['10.0.0.0/8', '::2'] } });
    expect((await scrape()).status).to.equal(404);
  });

  it('reports requests by route pattern, latency, database time, the index and the queues', async () => {
    const actor = await system();
    const item = await resource(actor, await organisation('Trường THCS Đo Lường'));
    server = await startTestServer({ metrics: { token: TOKEN, allow: [] } });
    expect((await fetch(`${server.url}/resources/${item.id}`)).status).to.equal(200);
    expect((await fetch(`${server.url}/no/such/page/${item.id}`)).status).to.equal(404);

    const response = await scrape({ Authorization: `Bearer ${TOKEN}` });
    expect(response.headers.get('content-type')).to.match(/^text\/plain;.*version=0\.0\.4/);
    const text = await response.text();
    expect(text).to.match(/thuvien_http_requests_total\{method="GET",route="\/resources\/:id",status="200"\} [1-9]/);
    expect(text).to.match(/thuvien_http_requests_total\{method="GET",route="\(unmatched\)",status="404"\} [1-9]/);
    expect(text, 'no raw URL in a label').not.to.include(item.id);
    expect(text).to.match(
      /thuvien_http_request_duration_seconds_bucket\{le="0.5",method="GET",route="\/resources\/:id"\}/,
    );
    expect(text).to.match(/thuvien_db_command_duration_seconds_count\{command="find",outcome="ok"\} [1-9]/);
    const indexed = await testContext().services.searchEngine.count();
    expect(text).to.include(`thuvien_index_documents{index="catalogue"} ${indexed}`);
    expect(text).to.match(/thuvien_index_lag_entries\{index="catalogue"\} \d+/);
    expect(text).to.match(/thuvien_queue_length\{queue="text-extraction"\} \d+/);
    expect(text).to.match(/thuvien_queue_length\{queue="usage-batches"\} \d+/);
    expect(text).to.match(/thuvien_process_cpu_seconds_total \d/);
  });

  it('counts LTI refusals by reason', async () => {
    server = await startTestServer({ metrics: { token: TOKEN, allow: [] } });
    const before = await ltiRefusals('state');
    // An id_token post answering no login of ours: refused for its state.
    const answer = await fetch(`${server.url}/lti`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'id_token=not.a.token&state=unknown',
    });
    expect(answer.status).to.equal(401);
    expect(await ltiRefusals('state')).to.equal(before + 1);
  });

  async function ltiRefusals(reason: string): Promise<number> {
    const text = await (await scrape({ Authorization: `Bearer ${TOKEN}` })).text();
    const line = text
      .split('\n')
      .find((l) => l.startsWith(`thuvien_lti_launches_total{outcome="refused",reason="${reason}"}`));
    return line ? Number(line.split(' ').at(-1)) : 0;
  }
});
