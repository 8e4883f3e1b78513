/**
 * The integrations health page's data: reasons and statuses in the person's language, times in
 * Vietnam's time, and for each platform and portal a bar chart of accepted and refused per day
 * drawn as SVG on the server (scales from d3-scale), so it shows without JavaScript; the same
 * figures go in the tables beside it, for screen readers and for copying.
 */
import { scaleBand, scaleLinear } from 'd3-scale';
import type { Language } from '../i18n/index.js';
import { translator, type Translate } from '../i18n/index.js';
import type { ChannelActivity, IntegrationHealth, ReasonCount } from '../domain/integrationEvent.js';

const CHART = { width: 640, height: 180, top: 10, right: 10, bottom: 24, left: 36 };
const SERIES = ['accepted', 'refused'] as const;

export interface Bar {
  x: number;
  y: number;
  width: number;
  height: number;
  series: (typeof SERIES)[number];
  label: string;
}

export interface Chart {
  width: number;
  height: number;
  bars: Bar[];
  yTicks: { y: number; label: string }[];
  xLabels: { x: number; label: string }[];
  baseline: { x1: number; x2: number; y: number };
  description: string;
}

const round = (n: number) => Math.round(n * 10) / 10;

/** Accepted and refused side by side for each day, with whole-number ticks. */
export function dailyChart(activity: ChannelActivity, t: Translate): Chart {
  const { width, height, top, right, bottom, left } = CHART;
  const days = activity.perDay.map((d) => d.day);
  const x = scaleBand<string>()
    .domain(days)
    .range([left, width - right])
    .paddingInner(0.2);
  const inner = scaleBand<string>().domain(SERIES).range([0, x.bandwidth()]).padding(0.05);
  const highest = Math.max(1, ...activity.perDay.flatMap((d) => [d.accepted, d.refused]));
  const y = scaleLinear()
    .domain([0, highest])
    .nice()
    .range([height - bottom, top]);
  const bars = activity.perDay.flatMap((d) =>
    SERIES.filter((series) => d[series] > 0).map((series) => ({
      x: round(x(d.day)! + inner(series)!),
      y: round(y(d[series])),
      width: round(inner.bandwidth()),
      height: round(y(0) - y(d[series])),
      series,
      label: t(`integrations.chart.${series}Bar`, { day: shortDay(d.day), count: d[series] }),
    })),
  );
  const yTicks = y
    .ticks(4)
    .filter(Number.isInteger)
    .map((v) => ({ y: round(y(v)), label: String(v) }));
  // A label every week, so thirty days stay readable.
  const xLabels = days
    .filter((_, i) => i % 7 === 0 || i === days.length - 1)
    .map((day) => ({ x: round(x(day)! + x.bandwidth() / 2), label: shortDay(day) }));
  return {
    width,
    height,
    bars,
    yTicks,
    xLabels,
    baseline: { x1: left, x2: width - right, y: round(y(0)) },
    description: t('integrations.chart.description', {
      name: activity.name,
      days: days.length,
      accepted: activity.accepted,
      refused: activity.refused,
    }),
  };
}

/** `2026-12-04` → `04/12`. */
const shortDay = (day: string) => `${day.slice(8, 10)}/${day.slice(5, 7)}`;

function timeFormatter(lang: Language) {
  const format = new Intl.DateTimeFormat(lang === 'vi' ? 'vi-VN' : 'en-GB', {
    dateStyle: 'short',
    timeStyle: 'short',
    timeZone: 'Asia/Ho_Chi_Minh',
  });
  return (d: Date | null) => (d ? format.format(d) : null);
}

function reasonLabel(t: Translate, area: string, reason: string): string {
  const key = `integrations.reasons.${area}.${reason}`;
  const text = t(key);
  return text === key ? reason : text;
}

const reasons = (t: Translate, area: string, list: ReasonCount[]) =>
  list.map((r) => ({ code: r.reason, label: reasonLabel(t, area, r.reason), count: r.count }));

function channel(activity: ChannelActivity, area: string, t: Translate) {
  return {
    name: activity.name,
    accepted: activity.accepted,
    refused: activity.refused,
    redirected: activity.redirected,
    reasons: reasons(t, area, activity.reasons),
    days: [...activity.perDay].reverse().filter((d) => d.accepted || d.refused),
    chart: dailyChart(activity, t),
    labels: {
      totals: t(`integrations.${area}.totals`, {
        accepted: activity.accepted,
        refused: activity.refused,
        redirected: activity.redirected,
      }),
      accepted: t(`integrations.${area}.accepted`),
      refused: t(`integrations.${area}.refused`),
    },
  };
}

export function presentIntegrationHealth(health: IntegrationHealth, lang: Language) {
  const t = translator(lang);
  const time = timeFormatter(lang);
  return {
    days: health.days.length,
    harvesters: health.harvesters.map((h) => ({
      name: h.name,
      metadataPrefix: h.metadataPrefix ?? '—',
      set: h.set ?? t('integrations.oai.wholeRepository'),
      lastRequestDay: dayMonthYear(h.lastRequestDay),
      lastFullHarvest: time(h.lastFullHarvest),
      lastIncrementalHarvest: time(h.lastIncrementalHarvest),
      requests: h.requests,
      itemsServed: h.itemsServed,
      errors: reasons(t, 'oai', h.errors),
    })),
    platforms: health.platforms.map((p) => channel(p, 'lti', t)),
    latestLtiRefusals: health.latestLtiRefusals.map((r) => ({
      at: time(r.at),
      platform: r.channelName,
      context: r.context,
      reason: reasonLabel(t, 'lti', r.reason),
    })),
    portals: health.portals.map((p) => channel(p, 'saml', t)),
    sources: health.sources.map((s) => ({
      name: s.name,
      runs: s.runs.map((r) => ({
        startedAt: time(r.startedAt),
        finishedAt: time(r.finishedAt),
        status: t(`integrations.harvest.status.${r.status}`),
        records: r.records,
        errors: r.errors,
        problem: r.problem,
      })),
    })),
  };
}

/** YYYY-MM-DD as the Vietnamese write a day: DD/MM/YYYY. */
function dayMonthYear(day: string): string {
  return `${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)}`;
}
