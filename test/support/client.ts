/**
 * An HTTP client that keeps cookies like a browser does, for tests that act as a signed-in person
 * over real HTTP: it signs in through the login form and sends the CSRF token with changes.
 */
import { expect } from 'chai';
import { CookieJar } from './toolkit.js';

export interface Sent {
  json?: unknown;
  /** Pairs when a field repeats (check boxes of one name). */
  form?: Record<string, string> | [string, string][];
  headers?: Record<string, string>;
}

export class Client {
  private readonly cookies = new CookieJar();
  private csrf: string | undefined;

  constructor(readonly baseUrl: string) {}

  async request(method: string, path: string, sent: Sent = {}): Promise<Response> {
    const headers: Record<string, string> = { ...sent.headers };
    if (this.cookies.size) headers.cookie = this.cookies.header();
    let body: string | undefined;
    if (sent.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(sent.json);
    } else if (sent.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(sent.form).toString();
    }
    if (method !== 'GET' && method !== 'HEAD' && this.csrf && !('x-csrf-token' in headers))
      headers['x-csrf-token'] = this.csrf;
    const res = await fetch(this.baseUrl + path, { method, headers, body, redirect: 'manual' });
    this.cookies.keep(res);
    return res;
  }

  /** The Cookie header this client sends, for requests it does not make itself (raw sockets). */
  get cookieHeader(): string {
    return this.cookies.header();
  }

  /** The CSRF token last fetched. */
  get csrfToken(): string | undefined {
    return this.csrf;
  }

  get = (path: string, headers: Record<string, string> = {}) => this.request('GET', path, { headers });
  post = (path: string, json: unknown, headers: Record<string, string> = {}) =>
    this.request('POST', path, { json, headers });
  put = (path: string, json: unknown, headers: Record<string, string> = {}) =>
    this.request('PUT', path, { json, headers });
  delete = (path: string, json?: unknown, headers: Record<string, string> = {}) =>
    this.request('DELETE', path, { json, headers });

  /** The session cookie and CSRF token, for a request this client cannot make (a streamed body). */
  authHeaders(): Record<string, string> {
    return {
      cookie: this.cookies.header(),
      ...(this.csrf ? { 'x-csrf-token': this.csrf } : {}),
    };
  }

  /** Fetches the CSRF token the way a script on our pages would. */
  async refreshCsrf(): Promise<string> {
    const res = await this.get('/api/v1/me');
    expect(res.status).to.equal(200);
    this.csrf = ((await res.json()) as { csrfToken: string }).csrfToken;
    return this.csrf;
  }

  /** Signs in through the login form, as a person would. */
  async signIn(username: string, password: string): Promise<this> {
    await this.refreshCsrf();
    const res = await this.request('POST', '/login', { form: { username, password, _csrf: this.csrf! } });
    expect(res.status, `sign-in of ${username}`).to.equal(303);
    await this.refreshCsrf();
    return this;
  }
}

export async function signedIn(baseUrl: string, who: { username: string; password: string } | null): Promise<Client> {
  const client = new Client(baseUrl);
  if (who) await client.signIn(who.username, who.password);
  else await client.refreshCsrf();
  return client;
}
