/**
 * For the files tests: a person's browser-like HTTP session (cookies, CSRF token) that can also
 * send multipart uploads, and counters of what storage holds, to prove failed uploads leave
 * nothing behind.
 */
import { expect } from 'chai';
import mongoose from 'mongoose';
import { CookieJar } from '../../support/toolkit.js';

export interface Upload {
  name: string;
  bytes: Buffer | string;
  /** The media type the browser would claim; the server ignores it and looks at the bytes. */
  type?: string;
}

export class Session {
  private readonly cookies = new CookieJar();
  csrf = '';

  constructor(readonly baseUrl: string) {}

  async fetch(path: string, init: RequestInit & { headers?: Record<string, string> } = {}): Promise<Response> {
    const headers: Record<string, string> = { ...init.headers };
    if (this.cookies.size) headers.cookie = this.cookies.header();
    const res = await fetch(this.baseUrl + path, { redirect: 'manual', ...init, headers });
    this.cookies.keep(res);
    return res;
  }

  async signIn(who: { username: string; password: string } | null): Promise<this> {
    const me = await this.fetch('/api/v1/me');
    this.csrf = ((await me.json()) as { csrfToken: string }).csrfToken;
    if (!who) return this;
    const login = await this.fetch('/login', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ username: who.username, password: who.password, _csrf: this.csrf }).toString(),
    });
    expect(login.status, `sign-in of ${who.username}`).to.equal(303);
    const after = await this.fetch('/api/v1/me');
    this.csrf = ((await after.json()) as { csrfToken: string }).csrfToken;
    return this;
  }

  /** A multipart upload like the page form: the version field first, then the file. */
  upload(
    path: string,
    file: Upload,
    options: { version?: number; headers?: Record<string, string>; csrfInQuery?: boolean } = {},
  ): Promise<Response> {
    const form = new FormData();
    if (options.version !== undefined) form.append('version', String(options.version));
    form.append(
      'file',
      new Blob([typeof file.bytes === 'string' ? file.bytes : new Uint8Array(file.bytes)], {
        type: file.type ?? 'application/octet-stream',
      }),
      file.name,
    );
    const token: Record<string, string> = options.csrfInQuery ? {} : { 'x-csrf-token': this.csrf };
    return this.fetch(path, { method: 'POST', body: form, headers: { ...token, ...options.headers } });
  }
}

/** How many chunk and file documents storage holds (test-only full counts). */
export async function storedCounts(): Promise<{ files: number; chunks: number }> {
  const db = mongoose.connection.db!;
  return {
    files: await db.collection('fs.files').countDocuments(),
    chunks: await db.collection('fs.chunks').countDocuments(),
  };
}
