/**
 * The registers' part of `npm run bench:circulation`: the individual register of the bench school
 * (50,000 copies by default) downloaded as XLSX and as PDF through the app, as a librarian's browser
 * would. Per format: time to the first byte, total time, size, and the app's peak resident memory
 * sampled every 100 ms while it streams (flat memory: the peak should not grow with the school).
 * Targets (issue 15): XLSX under 10 s, PDF under 30 s. Figures taken on a busy machine are a smoke,
 * not final.
 */
import type { CirculationBenchContext, CirculationBenchPart } from './circulation.js';
import { residentMb } from './support/http.js';

interface Download {
  seconds: number;
  firstByteMs: number;
  megabytes: number;
  peakRssMb: number;
  status: number;
}

async function download(ctx: CirculationBenchContext, format: 'xlsx' | 'pdf'): Promise<Download> {
  let peak = residentMb(ctx.server.pid);
  const sampler = setInterval(() => (peak = Math.max(peak, residentMb(ctx.server.pid))), 100);
  const started = performance.now();
  try {
    const res = await fetch(`${ctx.server.url}/library/schools/${ctx.schoolId}/registers/individual.${format}`, {
      headers: { cookie: ctx.desks[0]!.cookie },
    });
    let bytes = 0;
    let firstByteMs = -1;
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      if (firstByteMs < 0) firstByteMs = Math.round(performance.now() - started);
      bytes += chunk.length;
    }
    const seconds = Math.round((performance.now() - started) / 100) / 10;
    return { seconds, firstByteMs, megabytes: Math.round(bytes / 1e5) / 10, peakRssMb: peak, status: res.status };
  } finally {
    clearInterval(sampler);
  }
}

export const registersPart: CirculationBenchPart = {
  name: 'registers',
  async run(ctx) {
    const idleRssMb = residentMb(ctx.server.pid);
    const xlsx = await download(ctx, 'xlsx');
    const pdf = await download(ctx, 'pdf');
    const figures = { copies: ctx.copyCount, idleRssMb, xlsx, pdf };
    const line = (name: string, d: Download, target: number) =>
      `| ${name} | ${d.status} | ${d.firstByteMs} | ${d.seconds} | ${target} | ${d.megabytes} | ${d.peakRssMb} |`;
    return {
      figures,
      report: [
        `## Registers: the individual register of ${ctx.copyCount} copies, streamed`,
        '',
        '| format | HTTP | first byte ms | total s | target s | MB | peak app RSS MB |',
        '| --- | --- | --- | --- | --- | --- | --- |',
        line('XLSX', xlsx, 10),
        line('PDF', pdf, 30),
        '',
        `The app's resident memory before the downloads: ${idleRssMb} MB.`,
      ],
    };
  },
};
