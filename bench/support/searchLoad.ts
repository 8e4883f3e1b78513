/**
 * The requests of bench:search: typical queries at one and at four concurrent clients, half of
 * them anonymous and half signed in, then browsing without words.
 */
import { percentiles, type Percentiles } from './http.js';
import { random } from './generate.js';

export const queries = [
  'toan',
  'toán 6',
  'tieng viet',
  'tiếng việt lớp 2',
  'vat li',
  'vật lí 10',
  'hoa hoc',
  'bai giang',
  'de kiem tra',
  'on tap',
  'phan so',
  'phương trình',
  'quang hop',
  'tế bào',
  'lich su dia phuong',
  'ngữ văn',
  'tho luc bat',
  'python',
  'greetings',
  'dan ca nam bo',
  'chuyen dong',
  'ham so',
  'xac suat',
  'thống kê',
  'kĩ năng sống',
  'huong nghiep',
  'di truyen',
  'nguyen tu',
  'bảng tuần hoàn',
  'khí hậu',
];
const filters = [
  '',
  '',
  '',
  '&level=thcs',
  '&subject=toan',
  '&type=video',
  '&level=thpt&type=bai-giang',
  '&grade=6',
  '&sort=newest',
  '&sort=title',
];
/** Browsing without words: the home page's two lists, the title order, and a facet link from the home page. */
const browsing = ['sort=newest&limit=6', 'sort=views&limit=6', 'sort=title', 'subject=toan', 'level=thcs&sort=newest'];

export interface LoadResult {
  oneAnonymous: Percentiles;
  oneSignedIn: Percentiles;
  fourAnonymous: Percentiles;
  fourSignedIn: Percentiles;
  browse: Percentiles;
  throughputPerSecond: number;
  medianHits: number;
  /** Requests sent again after a reset connection. */
  connectionResets: number;
}

interface Request {
  signedIn: boolean;
  url: string;
}

async function send(requests: Request[], concurrency: number, cookie: string) {
  const times = { anonymous: [] as number[], signedIn: [] as number[] };
  const totals: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < requests.length) {
        const r = requests[next++]!;
        const t = performance.now();
        const res = await fetchRetryingReset(r.url, r.signedIn ? { cookie } : {});
        const body = (await res.json()) as { total?: number };
        if (res.status !== 200 || typeof body.total !== 'number') throw new Error(`${r.url} → ${res.status}`);
        (r.signedIn ? times.signedIn : times.anonymous).push(performance.now() - t);
        totals.push(body.total);
      }
    }),
  );
  return { times, totals, seconds: (performance.now() - started) / 1000 };
}

/**
 * A request, sent again once if the connection was reset: a kept-alive connection the server
 * closed as it was reused is the client's race, not an answer (the time counts from the first try).
 */
async function fetchRetryingReset(url: string, headers: Record<string, string>): Promise<Response> {
  try {
    return await fetch(url, { headers });
  } catch (err) {
    if ((err as { cause?: { code?: string } }).cause?.code !== 'ECONNRESET') throw err;
    resets++;
    return fetch(url, { headers });
  }
}

let resets = 0;

export async function load(baseUrl: string, cookie: string, count: number): Promise<LoadResult> {
  const rnd = random(7);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const searches = (n: number): Request[] =>
    Array.from({ length: n }, (_, i) => ({
      signedIn: i % 2 === 1,
      url: `${baseUrl}/api/v1/resources?q=${encodeURIComponent(pick(queries))}${pick(filters)}&limit=20`,
    }));
  // Warm-up: the first queries build lazily kept structures and let the JIT settle.
  await send(searches(60), 2, cookie);
  const one = await send(searches(Math.max(100, Math.floor(count / 2))), 1, cookie);
  const four = await send(searches(count), 4, cookie);
  const browse = await send(
    Array.from({ length: Math.max(100, Math.floor(count / 2)) }, (_, i) => ({
      signedIn: i % 2 === 1,
      url: `${baseUrl}/api/v1/resources?${pick(browsing)}`,
    })),
    4,
    cookie,
  );
  const sorted = four.totals.sort((a, b) => a - b);
  return {
    oneAnonymous: percentiles(one.times.anonymous),
    oneSignedIn: percentiles(one.times.signedIn),
    fourAnonymous: percentiles(four.times.anonymous),
    fourSignedIn: percentiles(four.times.signedIn),
    browse: percentiles([...browse.times.anonymous, ...browse.times.signedIn]),
    throughputPerSecond: Math.round(count / four.seconds),
    medianHits: sorted[Math.floor(sorted.length / 2)]!,
    connectionResets: resets,
  };
}
