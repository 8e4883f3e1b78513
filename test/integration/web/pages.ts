/** Helpers for the page tests: one server for a file, and people who sign in through the login form. */
import { expect } from 'chai';
import { signedIn, type Client } from '../../support/client.js';
import type { TestPerson } from '../../support/fixtures.js';

export async function as(url: string, who: TestPerson | null): Promise<Client> {
  return signedIn(url, who);
}

/** The body of an HTML answer, checking its status on the way. */
export async function page(res: Response, status = 200): Promise<string> {
  const body = await res.text();
  expect(res.status, body.slice(0, 2000)).to.equal(status);
  expect(res.headers.get('content-type')).to.match(/text\/html/);
  return body;
}

/** Posts a form (the client adds the CSRF header, as our pages' forms carry the token). */
export function submit(client: Client, path: string, form: Record<string, string | string[]>): Promise<Response> {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(form)) for (const one of Array.isArray(v) ? v : [v]) body.append(k, one);
  // The test client takes a record; URLSearchParams (repeated names for checkboxes) is accepted where it builds the body.
  return client.request('POST', path, { form: body as unknown as Record<string, string> });
}

const entities: Record<string, string> = {
  '&amp;': '&',
  '&#x3D;': '=',
  '&quot;': '"',
  '&#x27;': "'",
  '&lt;': '<',
  '&gt;': '>',
  '&#x60;': '`',
};

/** Every link target of a page, as the browser reads it (handlebars escapes `=` and `&`). */
export function links(html: string): string[] {
  return [...html.matchAll(/href="([^"]*)"/g)].map((m) =>
    m[1]!.replace(/&(amp|quot|lt|gt|#x3D|#x27|#x60);/g, (e) => entities[e] ?? e),
  );
}
