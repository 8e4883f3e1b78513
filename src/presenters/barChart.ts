/**
 * A bar chart drawn as SVG on the server (scales from d3-scale, as the integrations health page
 * does), so it shows without JavaScript. Every point has its bar, zero included, whose title and
 * aria-label say the point and its value; the page puts the same figures in a table beside it.
 */
import { scaleBand, scaleLinear } from 'd3-scale';

const FRAME = { width: 640, height: 200, top: 10, right: 10, bottom: 28, left: 40 };

export interface ChartPoint {
  /** Under the bar (short: "06", "800", "1"). */
  tick: string;
  /** The bar's title and aria-label: what it counts and how many. */
  label: string;
  value: number;
}

export interface BarChart {
  width: number;
  height: number;
  bars: { x: number; y: number; width: number; height: number; label: string; value: number }[];
  yTicks: { y: number; label: string }[];
  xLabels: { x: number; label: string }[];
  baseline: { x1: number; x2: number; y: number };
  description: string;
}

const round = (n: number) => Math.round(n * 10) / 10;

export function barChart(points: readonly ChartPoint[], description: string): BarChart {
  const { width, height, top, right, bottom, left } = FRAME;
  const keys = points.map((_, i) => String(i));
  const x = scaleBand<string>()
    .domain(keys)
    .range([left, width - right])
    .paddingInner(0.2)
    .paddingOuter(0.1);
  const y = scaleLinear()
    .domain([0, Math.max(1, ...points.map((p) => p.value))])
    .nice()
    .range([height - bottom, top]);
  return {
    width,
    height,
    bars: points.map((p, i) => ({
      x: round(x(String(i))!),
      y: round(y(p.value)),
      width: round(x.bandwidth()),
      height: round(y(0) - y(p.value)),
      label: p.label,
      value: p.value,
    })),
    yTicks: y
      .ticks(4)
      .filter((v) => Number.isInteger(v))
      .map((v) => ({ y: round(y(v)), label: String(v) })),
    xLabels: points.map((p, i) => ({ x: round(x(String(i))! + x.bandwidth() / 2), label: p.tick })),
    baseline: { x1: left, x2: width - right, y: round(y(0)) },
    description,
  };
}

/** When figures were counted, as people of that language write a moment (Vietnam's time). */
export function countedAt(at: Date, lang: 'vi' | 'en'): string {
  return new Intl.DateTimeFormat(lang === 'vi' ? 'vi-VN' : 'en-GB', {
    dateStyle: 'short',
    timeStyle: 'short',
    timeZone: 'Asia/Ho_Chi_Minh',
  }).format(at);
}
