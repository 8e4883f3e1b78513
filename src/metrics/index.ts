/**
 * What /metrics reports (Prometheus text format, prom-client). The one place that names metrics:
 * faces and services call the small functions below at the moment something happens, and the app
 * registers where gauges read their current values. Labels are bounded sets (route patterns, never
 * raw URLs; refusal reasons from our own message keys), so the series stay few.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export const registry = new Registry();
collectDefaultMetrics({ register: registry, prefix: 'thuvien_' });

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

const httpRequests = new Counter({
  name: 'thuvien_http_requests_total',
  help: 'HTTP requests answered, by method, route pattern and status',
  labelNames: ['method', 'route', 'status'] as const,
  registers: [registry],
});
const httpDuration = new Histogram({
  name: 'thuvien_http_request_duration_seconds',
  help: 'Time from the request arriving to the response finishing, by method and route pattern',
  labelNames: ['method', 'route'] as const,
  buckets: LATENCY_BUCKETS,
  registers: [registry],
});
const databaseDuration = new Histogram({
  name: 'thuvien_db_command_duration_seconds',
  help: 'Database commands as the driver saw them, by command name and outcome',
  labelNames: ['command', 'outcome'] as const,
  buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5],
  registers: [registry],
});
const harvestRuns = new Counter({
  name: 'thuvien_harvest_runs_total',
  help: 'Harvest runs of our sources (OAI-PMH and others), by outcome',
  labelNames: ['outcome'] as const,
  registers: [registry],
});
const ltiLaunches = new Counter({
  name: 'thuvien_lti_launches_total',
  help: 'LTI launches and deep-linking requests: accepted, or refused with the reason',
  labelNames: ['outcome', 'reason'] as const,
  registers: [registry],
});
const samlSignIns = new Counter({
  name: 'thuvien_saml_sign_ins_total',
  help: 'Sign-ins through a portal (SAML): accepted, or refused with the reason',
  labelNames: ['outcome', 'reason'] as const,
  registers: [registry],
});

export function requestAnswered(method: string, route: string, status: number, seconds: number): void {
  httpRequests.inc({ method, route, status: String(status) });
  httpDuration.observe({ method, route }, seconds);
}

export function databaseCommand(command: string, ok: boolean, seconds: number): void {
  databaseDuration.observe({ command, outcome: ok ? 'ok' : 'failed' }, seconds);
}

export const harvestRunEnded = (outcome: 'succeeded' | 'failed') => harvestRuns.inc({ outcome });
export const ltiAccepted = () => ltiLaunches.inc({ outcome: 'accepted', reason: '' });
export const ltiRefused = (reason: string) => ltiLaunches.inc({ outcome: 'refused', reason });
export const samlAccepted = () => samlSignIns.inc({ outcome: 'accepted', reason: '' });
export const samlRefused = (reason: string) => samlSignIns.inc({ outcome: 'refused', reason });

type Reading = () => number | Promise<number>;

/**
 * A gauge read when /metrics is scraped. Registering a name again replaces its reading (an app
 * built twice in one process, as tests do, reports the latest one).
 */
function readings(name: string, help: string, labelName: string) {
  const sources = new Map<string, Reading>();
  new Gauge({
    name,
    help,
    labelNames: [labelName],
    registers: [registry],
    async collect() {
      this.reset();
      for (const [label, read] of sources) {
        const value = await Promise.resolve()
          .then(read)
          .catch(() => NaN);
        this.set({ [labelName]: label }, value);
      }
    },
  });
  return (label: string, read: Reading) => void sources.set(label, read);
}

/** Jobs waiting, per queue (text extraction, usage batches…). */
export const watchQueue = readings('thuvien_queue_length', 'Jobs waiting, per queue', 'queue');
/** Documents in each search index this instance serves from. */
export const watchIndexSize = readings('thuvien_index_documents', 'Documents in the search index', 'index');
/** Change-feed entries written but not yet applied to this instance's index. */
export const watchIndexLag = readings(
  'thuvien_index_lag_entries',
  'Changes not yet applied to the search index of this instance',
  'index',
);
