/**
 * MARC21 in ISO 2709, the exchange format of library systems. Reading checks each record's leader,
 * length and directory (a broken record is refused with the reason, the next one is read) and
 * decodes it as UTF-8 (leader/09 `a`) or MARC-8 (blank, with the marc8 library: ANSEL's Vietnamese
 * letters and combining marks). A record marked MARC-8 whose bytes are valid UTF-8 with non-ASCII
 * letters is read as UTF-8: Vietnamese exports often leave leader/09 blank. Writing is marcjs's,
 * always UTF-8.
 */
import { Iso2709Formater, Record as MarcjsRecord } from 'marcjs';
import marc8 from 'marc8';
import type { RecordFormat, RecordReading } from '../../../src/domain/catalogueRecord.js';
import { isControlTag, type MarcField, type MarcRecord } from '../../../src/domain/marc21/fields.js';
import { marcOf } from '../../../src/domain/marc21/fromRecord.js';
import { readingOf, type ParsedMarc } from './readRecords.js';

const RECORD_END = 0x1d;
const FIELD_END = 0x1e;
const SUBFIELD = 0x1f;
const utf8 = new TextDecoder('utf-8', { fatal: true });

export const marcIso2709: RecordFormat = {
  id: 'marc21',
  extensions: ['mrc', 'marc', 'iso', 'iso2709', 'dat'],
  mediaType: 'application/marc',
  sniff: (head) => /^\d{5}[a-z ]{5}[\d ]{2}\d{5}/.test(head.subarray(0, 17).toString('latin1')),
  read: readIso2709,
  header: () => '',
  write: (record, context) =>
    Buffer.from(
      Iso2709Formater.format(
        marcjsRecord(marcOf(record, { controlNumber: context.recordId, agency: context.libraryCode })),
      ),
      'utf8',
    ),
  footer: () => '',
};

function* readIso2709(bytes: Buffer): Iterable<RecordReading> {
  let start = 0;
  let number = 0;
  while (start < bytes.length) {
    // Line breaks or spaces between records (some exports add them) are not records.
    while (start < bytes.length && (bytes[start] === 0x0a || bytes[start] === 0x0d || bytes[start] === 0x20)) start++;
    if (start >= bytes.length) return;
    let end = bytes.indexOf(RECORD_END, start);
    if (end < 0) end = bytes.length;
    number++;
    yield readingOf(number, parseRecord(bytes.subarray(start, end)));
    start = end + 1;
  }
}

export function parseRecord(raw: Buffer): ParsedMarc {
  const fail = (messageKey: string, params?: Record<string, string | number>): ParsedMarc => ({
    ok: false,
    problems: [{ messageKey, params }],
  });
  const leader = raw.subarray(0, 24).toString('latin1');
  if (raw.length < 25 || !/^\d{5}/.test(leader) || !/^\d{5}$/.test(leader.slice(12, 17)))
    return fail('imports.marc.leader');
  if (Number(leader.slice(0, 5)) !== raw.length + 1)
    return fail('imports.marc.length', { declared: Number(leader.slice(0, 5)), actual: raw.length + 1 });
  const base = Number(leader.slice(12, 17));
  const directory = raw.subarray(24, base - 1).toString('latin1');
  if (raw[base - 1] !== FIELD_END || directory.length % 12 !== 0 || !/^(\w{3}\d{9})*$/.test(directory))
    return fail('imports.marc.directory');
  const decode = decoderFor(leader, raw.subarray(base));
  const fields: MarcField[] = [];
  for (let at = 0; at < directory.length; at += 12) {
    const tag = directory.slice(at, at + 3);
    const from = base + Number(directory.slice(at + 7, at + 12));
    const to = from + Number(directory.slice(at + 3, at + 7));
    if (to > raw.length || raw[to - 1] !== FIELD_END) return fail('imports.marc.directory');
    const field = fieldOf(tag, raw.subarray(from, to - 1), decode);
    if (!field) return fail('imports.marc.encoding', { tag });
    fields.push(field);
  }
  return { ok: true, marc: { leader: `${leader.slice(0, 9)}a${leader.slice(10)}`, fields } };
}

/** Split at the delimiters before decoding: MARC-8 decoders drop control characters. */
function fieldOf(tag: string, bytes: Buffer, decode: Decoder): MarcField | null {
  if (isControlTag(tag)) {
    const value = decode(bytes);
    return value === null ? null : { tag, value };
  }
  const parts: Buffer[] = [];
  for (let at = 0; at <= bytes.length;) {
    const next = bytes.indexOf(SUBFIELD, at);
    parts.push(bytes.subarray(at, next < 0 ? bytes.length : next));
    if (next < 0) break;
    at = next + 1;
  }
  const [indicators, ...coded] = parts;
  const subfields: [string, string][] = [];
  for (const part of coded.filter((p) => p.length > 0)) {
    const value = decode(part.subarray(1));
    if (value === null) return null;
    subfields.push([String.fromCharCode(part[0]!), value]);
  }
  const ind = (indicators ?? Buffer.alloc(0)).toString('latin1');
  return { tag, ind1: ind[0] ?? ' ', ind2: ind[1] ?? ' ', subfields };
}

type Decoder = (bytes: Buffer) => string | null;

function decoderFor(leader: string, data: Buffer): Decoder {
  const asUtf8: Decoder = (bytes) => {
    try {
      return utf8.decode(bytes).normalize('NFC');
    } catch {
      return null;
    }
  };
  if (leader[9] === 'a' || (data.some((b) => b > 0x7f) && asUtf8(data) !== null)) return asUtf8;
  return (bytes) => {
    try {
      return marc8(bytes, { normalization: false }).normalize('NFC');
    } catch {
      return null;
    }
  };
}

export function marcjsRecord(marc: MarcRecord): MarcjsRecord {
  const record = new MarcjsRecord();
  record.leader = marc.leader;
  record.fields = marc.fields.map((f) =>
    'subfields' in f ? [f.tag, f.ind1 + f.ind2, ...f.subfields.flat()] : [f.tag, f.value],
  );
  return record;
}
