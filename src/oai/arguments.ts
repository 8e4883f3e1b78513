/**
 * The arguments of an OAI-PMH request, read strictly: percent-decoding that is not valid UTF-8, a
 * repeated argument, a missing, extra or malformed one are protocol errors, never exceptions. One
 * zod schema per verb says which arguments it takes (resumptionToken is exclusive).
 */
import { z } from 'zod';
import { OaiError } from './errors.js';

export type RawArguments = Map<string, string[]>;

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** Decodes `a=b&c=d` (a query string or a form body); invalid UTF-8 or percent-encoding is badArgument. */
export function decodeArguments(raw: string | Buffer): RawArguments {
  const out: RawArguments = new Map();
  let text: string;
  try {
    text = typeof raw === 'string' ? raw : strictUtf8.decode(raw);
  } catch {
    throw new OaiError('badArgument', 'encoding');
  }
  for (const pair of text.split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const [key, value] = eq < 0 ? [pair, ''] : [pair.slice(0, eq), pair.slice(eq + 1)];
    let name: string;
    let decoded: string;
    try {
      name = decodeURIComponent(key.replace(/\+/g, ' '));
      decoded = decodeURIComponent(value.replace(/\+/g, ' ')).normalize('NFC');
    } catch {
      throw new OaiError('badArgument', 'encoding');
    }
    out.set(name, [...(out.get(name) ?? []), decoded]);
  }
  return out;
}

const MAX_VALUE = 1000;
const value = z.string().min(1).max(MAX_VALUE);
const token = z.string().min(1).max(2000);
const setSpec = z
  .string()
  .max(MAX_VALUE)
  .regex(/^[A-Za-z0-9\-_.!~*'()]+(:[A-Za-z0-9\-_.!~*'()]+)*$/);
/** The syntax the protocol gives these arguments: a prefix of URL-safe characters, an identifier of URI characters. */
const metadataPrefix = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9\-_.!~*'()]+$/);
const identifier = z
  .string()
  .min(1)
  .max(MAX_VALUE)
  .regex(/^[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]+$/);

const listArguments = z.union([
  z.strictObject({ resumptionToken: token }),
  z.strictObject({ metadataPrefix, from: value.optional(), until: value.optional(), set: setSpec.optional() }),
]);

/** Every verb and the arguments it accepts besides `verb`. */
export const verbSchemas = {
  Identify: z.strictObject({}),
  ListMetadataFormats: z.strictObject({ identifier: identifier.optional() }),
  ListSets: z.union([z.strictObject({ resumptionToken: token }), z.strictObject({})]),
  GetRecord: z.strictObject({ identifier, metadataPrefix }),
  ListIdentifiers: listArguments,
  ListRecords: listArguments,
} as const;

export type VerbName = keyof typeof verbSchemas;
export type VerbArguments<V extends VerbName> = z.output<(typeof verbSchemas)[V]>;

const isVerb = (v: string): v is VerbName => Object.hasOwn(verbSchemas, v);

export interface ParsedRequest<V extends VerbName = VerbName> {
  verb: V;
  args: VerbArguments<V>;
}

/** The verb and its arguments, or the OAI-PMH error that says what is wrong with them. */
export function parseRequest(raw: RawArguments): ParsedRequest {
  const verbs = raw.get('verb');
  if (!verbs || verbs.length !== 1 || !isVerb(verbs[0]!)) throw new OaiError('badVerb');
  const verb = verbs[0] as VerbName;
  const rest: Record<string, string> = {};
  for (const [name, values] of raw) {
    if (name === 'verb') continue;
    if (values.length > 1) throw new OaiError('badArgument', `repeated: ${name.slice(0, 50)}`);
    rest[name] = values[0]!;
  }
  const parsed = verbSchemas[verb].safeParse(rest);
  if (!parsed.success) throw new OaiError('badArgument', describe(parsed.error));
  return { verb, args: parsed.data };
}

function describe(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'arguments';
  if (issue.code === 'invalid_union') return 'arguments';
  if (issue.code === 'unrecognized_keys') return `illegal: ${issue.keys.join(', ').slice(0, 100)}`;
  return issue.path.map(String).join('.') || 'arguments';
}

export interface Period {
  /** Inclusive bounds in milliseconds. */
  from: number | null;
  until: number | null;
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const SECOND = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})Z$/;

/** A UTC date in either granularity, checked to exist (2024-02-30 does not). */
function parseDate(text: string, name: string): { ms: number; day: boolean } {
  const m = DAY.exec(text) ?? SECOND.exec(text);
  if (!m) throw new OaiError('badArgument', name);
  const [y, mo, d, h = '0', mi = '0', s = '0'] = m.slice(1).map((x) => x ?? '0');
  const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  const back = new Date(ms);
  const exists =
    back.getUTCFullYear() === Number(y) &&
    back.getUTCMonth() === Number(mo) - 1 &&
    back.getUTCDate() === Number(d) &&
    back.getUTCHours() === Number(h) &&
    back.getUTCMinutes() === Number(mi) &&
    back.getUTCSeconds() === Number(s);
  if (!exists) throw new OaiError('badArgument', name);
  return { ms, day: m.length === 4 };
}

/**
 * `from` and `until` as inclusive bounds. Datestamps are shown to the second, so `until` covers
 * its whole second (or day) and a record stamped 10:00:00.5 is within `until=…T10:00:00Z`.
 */
export function parsePeriod(from: string | undefined, until: string | undefined): Period {
  const f = from === undefined ? null : parseDate(from, 'from');
  const u = until === undefined ? null : parseDate(until, 'until');
  if (f && u && f.day !== u.day) throw new OaiError('badArgument', 'granularity');
  const period: Period = { from: f?.ms ?? null, until: u ? u.ms + (u.day ? 86_400_000 : 1000) - 1 : null };
  if (period.from !== null && period.until !== null && f!.ms > u!.ms) throw new OaiError('badArgument', 'from > until');
  return period;
}
