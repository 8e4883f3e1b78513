/**
 * Inputs for the API fuzz test, read from the OpenAPI document the server publishes: for every
 * documented operation, path parameters, query strings, bodies and headers that look valid (drawn
 * from the documented schemas, with real ids) or are not (wrong types, junk, hostile text). A fixed
 * seed and a few cases per operation in CI; FUZZ_SEED and FUZZ_API_RUNS for longer runs.
 */
import fc from 'fast-check';

export const API_FUZZ_SEED = Number(process.env.FUZZ_SEED ?? 20261204);
export const API_FUZZ_RUNS = Number(process.env.FUZZ_API_RUNS ?? 8);

type Schema = Record<string, unknown>;
export interface Operation {
  method: string;
  path: string;
  parameters: { name: string; in: string; schema: Schema }[];
  body: Schema | null;
}

export function operationsOf(document: { paths: Record<string, Record<string, Schema>> }): Operation[] {
  return Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => {
      const content = (op.requestBody as { content?: Record<string, { schema: Schema }> } | undefined)?.content;
      return {
        method: method.toUpperCase(),
        path,
        parameters: (op.parameters ?? []) as Operation['parameters'],
        body: content?.['application/json']?.schema ?? null,
      };
    }),
  );
}

/** Text people should not be able to break anything with. */
const hostile = fc.constantFrom(
  '',
  ' ',
  'Toán\u0000',
  'a\u202eb',
  'x\u200b',
  '../../etc/passwd',
  '<script>alert(1)</script>',
  "'; DROP TABLE x; --",
  '{"$gt":""}',
  '%00',
  '9999-99-99',
  '-1',
  '1e309',
  'NaN',
  'qu\u0430ntri',
  'đ'.repeat(3000),
  '\ud800',
);

/** Anything at all, as JSON can carry it. */
const junk: fc.Arbitrary<unknown> = fc.oneof(
  hostile,
  fc.jsonValue({ maxDepth: 3 }),
  fc.constant(null),
  fc.constant({ $where: 'sleep(1000)' }),
  fc.constant(Array.from({ length: 5000 }, (_, i) => i)),
  fc.integer(),
  fc.double(),
  fc.boolean(),
);

/** Values of a JSON schema (OpenAPI 3.1 / draft 2020-12), as the document describes them. */
export function valuesOf(
  schema: Schema,
  components: Record<string, Schema>,
  ids: string[],
  depth = 0,
): fc.Arbitrary<unknown> {
  if (depth > 6) return fc.constant(null);
  const ref = schema.$ref as string | undefined;
  if (ref) return valuesOf(components[ref.split('/').pop()!] ?? {}, components, ids, depth + 1);
  const options = (schema.anyOf ?? schema.oneOf) as Schema[] | undefined;
  if (options) return fc.oneof(...options.map((s) => valuesOf(s, components, ids, depth + 1)));
  if (schema.enum) return fc.constantFrom(...(schema.enum as unknown[]));
  if ('const' in schema) return fc.constant(schema.const);
  const type = schema.type;
  if (Array.isArray(type))
    return fc.oneof(...type.map((t) => valuesOf({ ...schema, type: t }, components, ids, depth)));
  switch (type) {
    case 'string':
      return stringOf(schema, ids);
    case 'integer':
    case 'number':
      return fc.integer({
        min: Math.max(-10, Number(schema.minimum ?? -10)),
        max: Math.min(10_000, Number(schema.maximum ?? 10_000)),
      });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return fc.array(valuesOf((schema.items ?? {}) as Schema, components, ids, depth + 1), {
        maxLength: Math.min(4, Number(schema.maxItems ?? 4)),
      });
    case 'object': {
      const properties = (schema.properties ?? {}) as Record<string, Schema>;
      const record = Object.fromEntries(
        Object.entries(properties).map(([k, s]) => [k, valuesOf(s, components, ids, depth + 1)]),
      );
      return fc.record(record, { requiredKeys: (schema.required ?? []) as string[] });
    }
    default:
      return junk;
  }
}

function stringOf(schema: Schema, ids: string[]): fc.Arbitrary<string> {
  const pattern = schema.pattern as string | undefined;
  if (pattern === '^[0-9a-f]{24}$' || pattern === '^[0-9a-fA-F]{24}$' || /id/i.test(String(schema.description ?? '')))
    return fc.oneof(fc.constantFrom(...ids), fc.stringMatching(/^[0-9a-f]{24}$/));
  if (pattern) {
    try {
      return fc.stringMatching(new RegExp(pattern)).filter((s) => s.length <= Number(schema.maxLength ?? 500));
    } catch {
      /* a pattern fast-check cannot read: plain strings then */
    }
  }
  if (schema.format === 'email') return fc.emailAddress();
  return fc.string({
    minLength: Number(schema.minLength ?? 0),
    maxLength: Math.min(60, Math.max(Number(schema.minLength ?? 0), Number(schema.maxLength ?? 60))),
  });
}

/** A value that looks valid most of the time, and is junk or hostile the rest. */
export const sometimesJunk = (valid: fc.Arbitrary<unknown>) =>
  fc.oneof({ arbitrary: valid, weight: 3 }, { arbitrary: junk, weight: 1 });

export const headerChoices = {
  acceptLanguage: fc.constantFrom('vi', 'en', 'en-US,en;q=0.9', 'fr', '*', '', 'vi;q=abc'),
  ifMatch: fc.option(fc.constantFrom('"1"', '"2"', 'W/"1"', '"999999999"', '*', 'xyz', '"-1"', '"1", "2"')),
  contentType: fc.constantFrom(
    'application/json',
    'application/json',
    'application/json; charset=utf-8',
    'application/json; charset=latin1',
    'text/plain',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=XX',
  ),
  csrf: fc.constantFrom('right', 'right', 'right', 'missing', 'wrong'),
  rawBody: fc.option(fc.constantFrom('{"a":', '\u0000', '[]', 'null', '"x"', '{"__proto__":{"x":1}}', 'a=b&c=d'), {
    freq: 6,
  }),
};
