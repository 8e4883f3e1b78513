/**
 * Issue 12: the API fuzzed from its own OpenAPI document. Every documented operation gets random
 * valid-looking and invalid path parameters, query strings, bodies and headers, as an anonymous
 * caller and as a signed-in teacher with (mostly) the right CSRF token, against a separate server
 * process with the demo data: no answer is a 5xx, the process never exits, and every error answer
 * has the documented error shape.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import { expect } from 'chai';
import fc from 'fast-check';
import { signedIn, type Client } from '../../support/client.js';
import { startAppProcess, type AppProcess } from './appProcess.js';
import {
  API_FUZZ_RUNS,
  API_FUZZ_SEED,
  headerChoices,
  operationsOf,
  sometimesJunk,
  valuesOf,
  type Operation,
} from './apiFuzz.js';

type Document = {
  paths: Record<string, Record<string, Record<string, unknown>>>;
  components: { schemas: Record<string, Record<string, unknown>> };
};

describe('hardening: the API fuzzed from its OpenAPI document', function () {
  this.timeout(600_000);
  let app: AppProcess;
  let document: Document;
  let teacher: Client;
  const ids: string[] = [];

  before(async () => {
    app = await startAppProcess();
    document = (await (await fetch(`${app.url}/api/v1/openapi.json`)).json()) as Document;
    teacher = await signedIn(app.url, app.accounts.get('giaovien.nhuttao')!);
    const me = (await (await teacher.get('/api/v1/me')).json()) as { person: { id: string } };
    const found = async (path: string) => JSON.stringify(await (await teacher.get(path)).json());
    const listed = [
      await found('/api/v1/resources?limit=30'),
      await found('/api/v1/resources?owner=me&status=draft&limit=10'),
      await found('/api/v1/organisations'),
      await found('/api/v1/collections'),
    ].join(' ');
    ids.push(me.person.id, ...new Set(listed.match(/"[0-9a-f]{24}"/g)?.map((s) => s.slice(1, -1)) ?? []));
  });
  after(() => app?.stop());

  const send = async (op: Operation, c: FuzzCase, caller: 'anonymous' | 'teacher') => {
    let path = `/api/v1${op.path}`;
    for (const [name, value] of Object.entries(c.params))
      path = path.replace(`{${name}}`, encodedSegment(asText(value)));
    const query = new URLSearchParams();
    for (const [name, value] of Object.entries(c.query))
      for (const v of Array.isArray(value) ? value : [value]) if (v !== undefined) query.append(name, asText(v));
    const headers: Record<string, string> = {
      accept: 'application/json',
      'accept-language': c.acceptLanguage,
      ...(c.ifMatch ? { 'if-match': c.ifMatch } : {}),
    };
    if (caller === 'teacher') {
      headers.cookie = teacher.cookieHeader;
      if (c.csrf !== 'missing') headers['x-csrf-token'] = c.csrf === 'right' ? teacher.csrfToken! : 'forged-token';
    }
    let body: string | undefined;
    if (op.method !== 'GET') {
      body = c.rawBody ?? (c.body === undefined ? undefined : JSON.stringify(c.body));
      if (body !== undefined) headers['content-type'] = c.contentType;
    }
    const url = `${app.url}${path}${query.size ? `?${query}` : ''}`;
    const res = await fetch(url, { method: op.method, headers, body, redirect: 'manual' });
    return { url, status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text() };
  };

  it(`answers ${API_FUZZ_RUNS} random requests per operation and caller without a 5xx, in the documented error shape (seed ${API_FUZZ_SEED})`, async () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    ajv.addSchema(document, 'openapi');
    const errorShape = ajv.getSchema('openapi#/components/schemas/Error')!;
    const operations = operationsOf(document);
    expect(operations.length, 'the document lists the operations').to.be.greaterThan(20);
    const failures: string[] = [];
    let sent = 0;
    for (const [i, op] of operations.entries()) {
      for (const caller of ['anonymous', 'teacher'] as const) {
        const cases = fc.sample(caseOf(op, document, ids), { numRuns: API_FUZZ_RUNS, seed: API_FUZZ_SEED + i });
        for (const c of cases) {
          const answer = await send(op, c, caller);
          sent += 1;
          const where = `${caller} ${op.method} ${answer.url.slice(app.url.length, 200)}`;
          if (!app.alive()) throw new Error(`the process exited after ${where}: ${app.server.stderr().slice(-2000)}`);
          if (answer.status >= 500) failures.push(`${where} → ${answer.status} ${answer.text.slice(0, 200)}`);
          else if (answer.status >= 400) {
            const json = answer.type.includes('application/json') ? parsed(answer.text) : undefined;
            if (!json || !errorShape(json))
              failures.push(`${where} → ${answer.status}, not the error shape: ${answer.text.slice(0, 200)}`);
          }
        }
      }
    }
    expect(failures, `${failures.length} of ${sent} answers`).to.deep.equal([]);
    expect(app.alive()).to.equal(true);
    expect((await fetch(`${app.url}/readyz`)).status).to.equal(200);
  });
});

interface FuzzCase {
  params: Record<string, unknown>;
  query: Record<string, unknown>;
  body: unknown;
  rawBody: string | null;
  acceptLanguage: string;
  ifMatch: string | null;
  contentType: string;
  csrf: string;
}

function caseOf(op: Operation, document: Document, ids: string[]): fc.Arbitrary<FuzzCase> {
  const schemas = document.components.schemas;
  const inWhere = (where: string) =>
    Object.fromEntries(
      op.parameters.filter((p) => p.in === where).map((p) => [p.name, sometimesJunk(valuesOf(p.schema, schemas, ids))]),
    );
  return fc.record({
    params: fc.record(inWhere('path')),
    query: fc.record(inWhere('query'), { requiredKeys: [] }),
    body: op.body ? sometimesJunk(valuesOf(op.body, schemas, ids)) : fc.constant(undefined),
    rawBody: headerChoices.rawBody,
    acceptLanguage: headerChoices.acceptLanguage,
    ifMatch: headerChoices.ifMatch,
    contentType: headerChoices.contentType,
    csrf: headerChoices.csrf,
  });
}

/** A path segment; a lone surrogate goes as the bytes of its (invalid) UTF-8, as an attacker would send it. */
function encodedSegment(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return encodeURIComponent(value.replace(/\p{Cs}/gu, '\ufffd')).replaceAll('%EF%BF%BD', '%ED%A0%80');
  }
}

const asText = (value: unknown) => (typeof value === 'string' ? value : (JSON.stringify(value) ?? ''));

function parsed(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
