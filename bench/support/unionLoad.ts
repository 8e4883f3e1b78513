/**
 * The requests of bench:union, each phase at `clients` concurrent clients, half anonymous and half
 * the signed-in librarian unless a phase is for one of them only:
 * - today's search: GET /api/v1/resources with bench:search's words and plain facet filters (the
 *   request bench/results/search.md measures), on the same catalogue, in the same run;
 * - the union catalogue in the API: the same words and filters with the holdings facets (`available`
 *   at the librarian's school, `holder` of some school);
 * - the search page (/search): the cards of printed hits say where copies are available now;
 * - "available at my school" on the search page (the librarian);
 * - a title's page (/resources/:id, with "available at …"), its holdings table
 *   (/library/titles/:id/holdings, the librarian: schools, counts, the own school's copies) and the
 *   API's holdings (/api/v1/resources/:id/holdings, anonymous).
 */
import { percentiles, type Percentiles } from './http.js';
import { random } from './generate.js';
import { queries } from './searchLoad.js';

const plainFilters = ['', '', '', '&level=thcs', '&subject=toan', '&type=sgk-in', '&grade=6', '&sort=newest'];

export interface UnionLoadContext {
  url: string;
  librarianCookie: string;
  /** The librarian's school, and the other schools. */
  mySchool: string;
  schools: string[];
  /** Titles for the title pages: textbooks (held nearly everywhere) and other titles. */
  textbookIds: string[];
  otherTitleIds: string[];
  requests: number;
  clients: number;
}

interface Request {
  url: string;
  signedIn: boolean;
}

export interface PhaseResult {
  ms: Percentiles;
  perSecond: number;
  /** Median number of hits (searches answered in JSON only). */
  medianHits: number | null;
}

export type UnionLoadResult = Record<(typeof phaseNames)[number], PhaseResult>;

export const phaseNames = [
  'todaysSearch',
  'unionApi',
  'availableAtMySchoolApi',
  'searchPage',
  'availableAtMySchoolPage',
  'titlePage',
  'holdingsTable',
  'holdingsApi',
] as const;

async function send(ctx: UnionLoadContext, requests: Request[], clients = ctx.clients): Promise<PhaseResult> {
  const times: number[] = [];
  const hits: number[] = [];
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
        times.push(performance.now() - t);
        if (body.startsWith('{"items"')) hits.push((JSON.parse(body) as { total: number }).total);
      }
    }),
  );
  const sorted = hits.sort((a, b) => a - b);
  return {
    ms: percentiles(times),
    perSecond: Math.round((requests.length / ((performance.now() - started) / 1000)) * 10) / 10,
    medianHits: sorted.length ? sorted[Math.floor(sorted.length / 2)]! : null,
  };
}

function requestsOf(ctx: UnionLoadContext): Record<(typeof phaseNames)[number], Request[]> {
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
    unionApi: many((i) => ({
      signedIn: i % 2 === 1,
      url: `/api/v1/resources?${words()}${pick(plainFilters)}${unionFilter(i % 2 === 1)}&limit=20`,
    })),
    availableAtMySchoolApi: many(() => ({
      signedIn: true,
      url: `/api/v1/resources?${words()}${pick(plainFilters)}&available=${ctx.mySchool}&limit=20`,
    })),
    searchPage: many((i) => ({ signedIn: i % 2 === 1, url: `/search?${words()}${pick(plainFilters)}` })),
    availableAtMySchoolPage: many(() => ({
      signedIn: true,
      url: `/search?${words()}${pick(plainFilters)}&available=${ctx.mySchool}`,
    })),
    titlePage: many((i) => ({ signedIn: i % 2 === 1, url: `/resources/${title(i)}` })),
    holdingsTable: many((i) => ({ signedIn: true, url: `/library/titles/${title(i)}/holdings` })),
    holdingsApi: many((i) => ({ signedIn: false, url: `/api/v1/resources/${title(i)}/holdings` })),
  };
}

export async function unionLoad(
  ctx: UnionLoadContext,
  onPhase: (name: string, result: PhaseResult) => void,
): Promise<UnionLoadResult> {
  const all = requestsOf(ctx);
  // Warm-up: lazily kept structures, the JIT, compiled templates.
  for (const name of phaseNames) await send(ctx, all[name].slice(0, 20), 2);
  const result: Partial<UnionLoadResult> = {};
  for (const name of phaseNames) {
    result[name] = await send(ctx, all[name]);
    onPhase(name, result[name]);
  }
  return result as UnionLoadResult;
}
