/**
 * The requests of bench:union, all kinds interleaved at `clients` concurrent clients, half anonymous
 * and half the signed-in librarian unless a kind is for one of them only:
 * - today's search: GET /api/v1/resources with bench:search's words and plain facet filters (the
 *   request bench/results/search.md measures), on the same catalogue, in the same run; and the
 *   same by the librarian alone, the baseline of the kinds only a signed-in person sends;
 * - the union catalogue in the API: the same words and filters with the holdings facets (`available`
 *   at the librarian's school, `holder` of some school);
 * - today's search page (/search for digital resources alone: no holdings line) and item page (a
 *   digital resource's), the baselines of the pages below;
 * - the search page (/search): the cards of printed hits say where copies are available now;
 * - "available at my school" on the search page (the librarian);
 * - a title's page (/resources/:id, with "available at …"), its holdings table
 *   (/library/titles/:id/holdings, the librarian: schools, counts, the own school's copies) and the
 *   API's holdings (/api/v1/resources/:id/holdings, anonymous).
 */
import { commandsPer, databaseCommands } from './appMetrics.js';
import { percentiles, type Percentiles } from './http.js';
import { random } from './generate.js';
import { queries } from './searchLoad.js';
import { DIGITAL_TYPE } from './unionDigital.js';

const COUNTED = 10;
const plainFilters = ['', '', '', '&level=thcs', '&subject=toan', '&type=sgk-in', '&grade=6', '&sort=newest'];
/** The same filters for digital resources alone (today's search page: no holdings line on any card). */
const digitalFilters = plainFilters.map((f) => `&type=${DIGITAL_TYPE}${f.startsWith('&type=') ? '' : f}`);

export interface UnionLoadContext {
  url: string;
  librarianCookie: string;
  /** The librarian's school, and the other schools. */
  mySchool: string;
  schools: string[];
  /** Titles for the title pages: textbooks (held nearly everywhere) and other titles. */
  textbookIds: string[];
  otherTitleIds: string[];
  /** Digital resources (no holdings) with the same words: today's search page and item page. */
  digitalIds: string[];
  requests: number;
  clients: number;
}

interface Request {
  url: string;
  signedIn: boolean;
}

type Kind = (typeof phaseNames)[number];

export interface PhaseResult {
  ms: Percentiles;
  /** Median number of hits (searches answered in JSON only). */
  medianHits: number | null;
}

export interface UnionLoadResult {
  phases: Record<Kind, PhaseResult>;
  /**
   * Database commands per request of each kind, by command (10 requests of the kind one after the
   * other; the app's own background reads, such as the change feed's polls, fall in too).
   */
  commands: Record<Kind, Record<string, number>>;
  /** All kinds together, at `clients` clients. */
  requestsPerSecond: number;
}

export const phaseNames = [
  'todaysSearch',
  'todaysSearchSignedIn',
  'unionApi',
  'availableAtMySchoolApi',
  'todaysSearchPage',
  'todaysSearchPageSignedIn',
  'searchPage',
  'availableAtMySchoolPage',
  'todaysItemPage',
  'titlePage',
  'holdingsTable',
  'holdingsApi',
] as const;

/** Sends the requests at `clients` clients; the times and hit counts of each kind. */
async function send(ctx: UnionLoadContext, requests: (Request & { kind: Kind })[], clients: number) {
  const times = new Map<Kind, number[]>(phaseNames.map((k) => [k, []]));
  const hits = new Map<Kind, number[]>(phaseNames.map((k) => [k, []]));
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (next < requests.length) {
        const r = requests[next++]!;
        const t = performance.now();
        const res = await fetch(`${ctx.url}${r.url}`, { headers: r.signedIn ? { cookie: ctx.librarianCookie } : {} });
        const body = await res.text();
        if (res.status !== 200) throw new Error(`${r.url} → ${res.status}`);
        times.get(r.kind)!.push(performance.now() - t);
        if (body.startsWith('{"items"')) hits.get(r.kind)!.push((JSON.parse(body) as { total: number }).total);
      }
    }),
  );
  return { times, hits, seconds: (performance.now() - started) / 1000 };
}

function requestsOf(ctx: UnionLoadContext): Record<Kind, Request[]> {
  const rnd = random(7);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const n = ctx.requests;
  const words = () => `q=${encodeURIComponent(pick(queries))}`;
  const many = (f: (i: number) => Request) => Array.from({ length: n }, (_, i) => f(i));
  const title = (i: number) => (i % 3 === 0 ? pick(ctx.textbookIds) : pick(ctx.otherTitleIds));
  const unionFilter = (signedIn: boolean) =>
    signedIn ? `&available=${ctx.mySchool}${pick(['', '&type=sach-in'])}` : `&holder=${pick(ctx.schools)}`;
  return {
    todaysSearch: many((i) => ({
      signedIn: i % 2 === 1,
      url: `/api/v1/resources?${words()}${pick(plainFilters)}&limit=20`,
    })),
    todaysSearchSignedIn: many(() => ({
      signedIn: true,
      url: `/api/v1/resources?${words()}${pick(plainFilters)}&limit=20`,
    })),
    unionApi: many((i) => ({
      signedIn: i % 2 === 1,
      url: `/api/v1/resources?${words()}${pick(plainFilters)}${unionFilter(i % 2 === 1)}&limit=20`,
    })),
    availableAtMySchoolApi: many(() => ({
      signedIn: true,
      url: `/api/v1/resources?${words()}${pick(plainFilters)}&available=${ctx.mySchool}&limit=20`,
    })),
    todaysSearchPage: many((i) => ({ signedIn: i % 2 === 1, url: `/search?${words()}${pick(digitalFilters)}` })),
    todaysSearchPageSignedIn: many(() => ({ signedIn: true, url: `/search?${words()}${pick(digitalFilters)}` })),
    searchPage: many((i) => ({ signedIn: i % 2 === 1, url: `/search?${words()}${pick(plainFilters)}` })),
    availableAtMySchoolPage: many(() => ({
      signedIn: true,
      url: `/search?${words()}${pick(plainFilters)}&available=${ctx.mySchool}`,
    })),
    todaysItemPage: many((i) => ({ signedIn: i % 2 === 1, url: `/resources/${pick(ctx.digitalIds)}` })),
    titlePage: many((i) => ({ signedIn: i % 2 === 1, url: `/resources/${title(i)}` })),
    holdingsTable: many((i) => ({ signedIn: true, url: `/library/titles/${title(i)}/holdings` })),
    holdingsApi: many((i) => ({ signedIn: false, url: `/api/v1/resources/${title(i)}/holdings` })),
  };
}

/**
 * Every kind of request interleaved (one of each in turn), so that whatever else the machine does
 * weighs on all kinds alike: the ratios hold even where the absolute figures do not.
 */
export async function unionLoad(ctx: UnionLoadContext): Promise<UnionLoadResult> {
  const all = requestsOf(ctx);
  const mixed = (from: number, to: number) =>
    Array.from({ length: to - from }, (_, i) => phaseNames.map((kind) => ({ ...all[kind][from + i]!, kind }))).flat();
  // Warm-up: lazily kept structures, the JIT, compiled templates.
  await send(ctx, mixed(0, 20), 2);
  const { times, hits, seconds } = await send(ctx, mixed(20, ctx.requests), ctx.clients);
  const median = (xs: number[]) => (xs.length ? xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]! : null);
  const commands: Partial<Record<Kind, Record<string, number>>> = {};
  for (const kind of phaseNames) {
    const before = await databaseCommands(ctx.url);
    await send(
      ctx,
      all[kind].slice(0, COUNTED).map((r) => ({ ...r, kind })),
      1,
    );
    commands[kind] = commandsPer(before, await databaseCommands(ctx.url), COUNTED);
  }
  return {
    commands: commands as Record<Kind, Record<string, number>>,
    phases: Object.fromEntries(
      phaseNames.map((kind) => [kind, { ms: percentiles(times.get(kind)!), medianHits: median(hits.get(kind)!) }]),
    ) as Record<Kind, PhaseResult>,
    requestsPerSecond: Math.round((((ctx.requests - 20) * phaseNames.length) / seconds) * 10) / 10,
  };
}
