import { expect } from 'chai';
import { startTestServer, type TestServer } from '../../support/context.js';

describe('HTTP basics: health, errors, languages, headers', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.close());

  const get = (path: string, headers: Record<string, string> = {}) =>
    fetch(server.url + path, { headers, redirect: 'manual' });

  it('GET /healthz answers 200 while the process lives', async () => {
    const res = await get('/healthz');
    expect(res.status).to.equal(200);
    expect(await res.json()).to.deep.equal({ status: 'ok' });
  });

  it('GET /readyz answers 200 when the database answers', async () => {
    const res = await get('/readyz');
    expect(res.status).to.equal(200);
    expect(await res.json()).to.deep.equal({ status: 'ready', checks: { database: 'ok', catalogue: 'ok' } });
    expect(res.headers.get('cache-control')).to.equal('no-store');
  });

  it('serves pages in Vietnamese by default, in English on request, and remembers the choice', async () => {
    const vi = await get('/');
    expect(vi.headers.get('content-language')).to.equal('vi');
    expect(await vi.text())
      .to.include('<html lang="vi">')
      .and.include('Học liệu số dùng chung');

    const en = await get('/?lang=en');
    expect(await en.text())
      .to.include('<html lang="en">')
      .and.include('Shared digital learning resources');
    const cookie = en.headers.get('set-cookie') ?? '';
    expect(cookie).to.match(/^lang=en/);

    const remembered = await get('/', { cookie: 'lang=en' });
    expect(await remembered.text()).to.include('<html lang="en">');
    const negotiated = await get('/', { 'accept-language': 'en-US,en;q=0.9' });
    expect(negotiated.headers.get('content-language')).to.equal('en');
  });

  it("answers an unknown page with a 404 page in the person's language", async () => {
    const res = await get('/khong-co-trang-nay');
    expect(res.status).to.equal(404);
    expect(res.headers.get('content-type')).to.match(/text\/html/);
    const html = await res.text();
    expect(html).to.include('Không tìm thấy trang').and.include('Về trang chủ');
  });

  it('answers an unknown API route with JSON', async () => {
    const res = await get('/api/v1/khong-co', { 'accept-language': 'en' });
    expect(res.status).to.equal(404);
    const body = (await res.json()) as { error: { code: string; message: string; requestId: string } };
    expect(body.error.code).to.equal('not_found');
    expect(body.error.message).to.equal('The page or item you asked for was not found.');
    expect(body.error.requestId).to.equal(res.headers.get('x-request-id'));
  });

  it('answers a body that is not JSON with 400 and a clear message, never a stack trace', async () => {
    const res = await fetch(`${server.url}/api/v1/anything`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"title": "Toán',
    });
    expect(res.status).to.equal(400);
    const text = await res.text();
    expect(JSON.parse(text)).to.deep.include({
      error: {
        code: 'bad_request',
        message: 'Nội dung gửi lên không phải JSON hợp lệ.',
        requestId: res.headers.get('x-request-id'),
      },
    });
    expect(text).not.to.match(/SyntaxError|at .*\.js|node_modules/);
  });

  it('answers a malformed form on a page with a 400 page', async () => {
    const res = await fetch(`${server.url}/anything`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/html' },
      body: '[',
    });
    expect(res.status).to.equal(400);
    expect(await res.text())
      .to.include('<html')
      .and.include('không phải JSON hợp lệ');
  });

  it('refuses a body over the size limit with 413', async () => {
    const res = await fetch(`${server.url}/api/v1/anything`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ x: 'a'.repeat(2 * 1024 * 1024) }),
    });
    expect(res.status).to.equal(413);
    expect(((await res.json()) as { error: { code: string } }).error.code).to.equal('payload_too_large');
  });

  it('echoes a sane X-Request-Id and replaces a bad one', async () => {
    const given = await get('/healthz', { 'x-request-id': 'abc-12345678' });
    expect(given.headers.get('x-request-id')).to.equal('abc-12345678');
    const bad = await get('/healthz', { 'x-request-id': '<script>' });
    expect(bad.headers.get('x-request-id')).to.match(/^[0-9a-f-]{36}$/);
  });

  it('sends security headers', async () => {
    const res = await get('/');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).to.include("default-src 'self'").and.include("object-src 'none'").and.include("frame-ancestors 'self'");
    expect(res.headers.get('x-content-type-options')).to.equal('nosniff');
    expect(res.headers.get('x-powered-by')).to.equal(null);
  });
});
