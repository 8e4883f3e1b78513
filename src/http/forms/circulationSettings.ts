/**
 * The circulation settings form: one table row per loan rule (`rules.0.maxItems`…) and per closure
 * (`calendar.closures.1.from`…), each with one empty row to add an entry and a box to remove a row;
 * the closed weekdays as check boxes; the rest as single fields. Fields are named after the settings'
 * own paths, so the schema's and the service's objections land on the field that caused them.
 */
import type { CirculationSettings } from '../../domain/loanRules.js';
import { formNumber } from './fields.js';

type Body = Record<string, unknown>;
type Row = Record<string, string>;

const text = (v: unknown) => (typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : '');
const all = (v: unknown): string[] => (Array.isArray(v) ? v.map(text) : typeof v === 'string' ? [v] : []);
/** Empty is "not given" (the schema says so in the person's language), digits a number, the rest left to refuse. */
const number = (v: string) => formNumber(v) ?? undefined;
const escaped = (prefix: string) => prefix.replace(/\./g, '\\.');

/** The rows of one table as [form index, fields], in index order. */
function indexedRows(body: Body, prefix: string): [number, Row][] {
  const rows = new Map<number, Row>();
  const pattern = new RegExp(`^${escaped(prefix)}\\.(\\d{1,3})\\.(\\w+)$`);
  for (const [key, value] of Object.entries(body)) {
    const match = pattern.exec(key);
    if (!match) continue;
    const index = Number(match[1]);
    if (!rows.has(index)) rows.set(index, {});
    rows.get(index)![match[2]!] = text(value);
  }
  return [...rows.entries()].sort(([a], [b]) => a - b);
}

/** The settings as typed, and where each entry of its lists came from on the form. */
export interface CirculationFormInput {
  input: unknown;
  /** A path of the input (`rules.2.loanDays`) as the form field that holds it (`rules.3.loanDays`). */
  fieldOf: (path: string) => string;
}

export function circulationInputOf(body: Body): CirculationFormInput {
  const rules = indexedRows(body, 'rules').filter(([, r]) => r.remove !== 'on' && (r.collectionCode ?? '') !== '');
  const closures = indexedRows(body, 'calendar.closures').filter(
    ([, r]) => r.remove !== 'on' && ((r.from ?? '').trim() !== '' || (r.name ?? '').trim() !== ''),
  );
  const finesOn = text(body['fines.enabled']) === 'on';
  const input = {
    rules: rules.map(([, r]) => ({
      patronType: r.patronType,
      collectionCode: r.collectionCode,
      maxItems: number(r.maxItems ?? ''),
      loanDays: r.wholeSchoolYear === 'on' && !(r.loanDays ?? '').trim() ? 0 : number(r.loanDays ?? ''),
      renewals: number(r.renewals ?? ''),
      wholeSchoolYear: r.wholeSchoolYear === 'on',
    })),
    calendar: {
      closedWeekdays: all(body['calendar.closedWeekdays']).map((d) => number(d)),
      // A single day off is a closure from that day to the same day.
      closures: closures.map(([, r]) => ({ from: r.from, to: (r.to ?? '').trim() || r.from, name: r.name })),
      schoolYearEnds: text(body['calendar.schoolYearEnds']),
    },
    holdPickupDays: number(text(body.holdPickupDays)),
    maxHolds: number(text(body.maxHolds)),
    lossPolicy: text(body.lossPolicy),
    fines: {
      enabled: finesOn,
      perDay: !finesOn && !text(body['fines.perDay']).trim() ? 0 : number(text(body['fines.perDay'])),
      countDays: text(body['fines.countDays']) || 'calendar',
    },
  };
  const formIndex = { rules: rules.map(([i]) => i), 'calendar.closures': closures.map(([i]) => i) };
  const fieldOf = (path: string) => {
    for (const [table, indices] of Object.entries(formIndex)) {
      const match = new RegExp(`^${escaped(table)}\\.(\\d+)(\\..*)?$`).exec(path);
      if (match) return `${table}.${indices[Number(match[1])] ?? match[1]}${match[2] ?? ''}`;
    }
    return path.startsWith('calendar.closedWeekdays') ? 'calendar.closedWeekdays' : path;
  };
  return { input, fieldOf };
}

/** The form filled from stored settings (after an error, the typed values are shown instead). */
export function circulationValuesOf(settings: CirculationSettings): Body {
  const body: Body = {
    'calendar.closedWeekdays': settings.calendar.closedWeekdays.map(String),
    'calendar.schoolYearEnds': settings.calendar.schoolYearEnds,
    holdPickupDays: String(settings.holdPickupDays),
    maxHolds: String(settings.maxHolds),
    lossPolicy: settings.lossPolicy,
    'fines.enabled': settings.fines.enabled ? 'on' : '',
    'fines.perDay': String(settings.fines.perDay),
    'fines.countDays': settings.fines.countDays ?? 'calendar',
  };
  settings.rules.forEach((r, i) => {
    for (const [field, value] of Object.entries(r))
      body[`rules.${i}.${field}`] = typeof value === 'boolean' ? (value ? 'on' : '') : String(value);
  });
  settings.calendar.closures.forEach((c, i) => {
    for (const [field, value] of Object.entries(c)) body[`calendar.closures.${i}.${field}`] = value;
  });
  return body;
}
