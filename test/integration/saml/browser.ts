/**
 * A browser reduced to what SAML needs: it keeps cookies, follows redirects, signs in on the IdP's
 * login form, submits the auto-posting forms that carry SAML messages (as JavaScript would) and
 * follows meta refreshes.
 */
import { DOMParser } from '@xmldom/xmldom';
import { CookieJar } from '../../support/toolkit.js';

export interface Page {
  url: string;
  status: number;
  body: string;
}

export class SamlBrowser {
  private readonly cookies = new CookieJar();
  /** How often the IdP asked for the password (it does not while its own session lasts). */
  passwordPrompts = 0;
  constructor(private readonly credentials: { username: string; password: string } | null = null) {}

  cookie(name: string): string | undefined {
    return this.cookies.get(name);
  }

  async request(url: string, init: { method?: string; form?: Record<string, string> } = {}): Promise<Response> {
    const headers: Record<string, string> = { accept: 'text/html' };
    if (this.cookies.size) headers.cookie = this.cookies.header();
    let body: string | undefined;
    if (init.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(init.form).toString();
    }
    const res = await fetch(url, {
      method: init.method ?? (init.form ? 'POST' : 'GET'),
      headers,
      body,
      redirect: 'manual',
    });
    // Both servers live on 127.0.0.1 (cookies ignore ports, as in a browser); their cookie names differ.
    this.cookies.keep(res);
    return res;
  }

  /** Goes to `url` and on until a page that is neither a redirect nor a form to submit. */
  async visit(url: string, init: { method?: string; form?: Record<string, string> } = {}): Promise<Page> {
    let current = url;
    let next: { method?: string; form?: Record<string, string> } = init;
    for (let hop = 0; hop < 20; hop++) {
      const res = await this.request(current, next);
      if (res.status >= 300 && res.status < 400) {
        current = new URL(res.headers.get('location')!, current).toString();
        next = {};
        continue;
      }
      const body = await res.text();
      const html = res.headers.get('content-type')?.includes('html')
        ? new DOMParser({ onError: () => undefined }).parseFromString(body, 'text/html')
        : null;
      const refresh = html ? metaRefresh(html, current) : null;
      if (refresh) {
        current = refresh;
        next = {};
        continue;
      }
      const form = html ? formToSubmit(html, current, this.credentials) : null;
      if (!form) return { url: current, status: res.status, body };
      if ('password' in form.fields) this.passwordPrompts++;
      current = form.action;
      next = { form: form.fields };
    }
    throw new Error(`too many hops from ${url}`);
  }
}

/** A SAML auto-post form, or the IdP's login form when we have credentials for it. */
function formToSubmit(
  doc: ReturnType<DOMParser['parseFromString']>,
  base: string,
  credentials: { username: string; password: string } | null,
): { action: string; fields: Record<string, string> } | null {
  for (const form of Array.from(doc.getElementsByTagName('form'))) {
    const fields: Record<string, string> = {};
    for (const input of Array.from(form.getElementsByTagName('input'))) {
      const name = input.getAttribute('name');
      if (name && input.getAttribute('type') !== 'submit') fields[name] = input.getAttribute('value') ?? '';
    }
    const action = new URL(form.getAttribute('action') || base, base).toString();
    if ('SAMLResponse' in fields || 'SAMLRequest' in fields) return { action, fields };
    if ('username' in fields && 'password' in fields && credentials)
      return { action, fields: { ...fields, ...credentials } };
  }
  return null;
}

/** `<meta http-equiv="refresh" content="0;url=…">`, followed as a browser would. */
function metaRefresh(doc: ReturnType<DOMParser['parseFromString']>, base: string): string | null {
  for (const meta of Array.from(doc.getElementsByTagName('meta'))) {
    if (meta.getAttribute('http-equiv')?.toLowerCase() !== 'refresh') continue;
    const url = /url=(.+)$/i.exec(meta.getAttribute('content') ?? '')?.[1];
    if (url) return new URL(url.trim(), base).toString();
  }
  return null;
}
