/**
 * Part "stocktaking" of `npm run bench:circulation`: a session over the whole school (50,000 copies
 * by default), `--desks` librarians scanning at once (`--scans` codes each, a repeat now and then),
 * then the result, the record as PDF and as XLSX, each timed. The scans are answered from keys by
 * `_id`; the result reads every copy of the school once.
 */
import type { CirculationBenchContext, CirculationBenchPart } from './circulation.js';
import { percentiles } from './support/http.js';

export function stocktakingPart(scansPerDesk: number): CirculationBenchPart {
  return {
    name: 'stocktaking',
    async run(ctx: CirculationBenchContext) {
      const desk = ctx.desks[0]!;
      const call = async (who: typeof desk, method: string, path: string, payload?: unknown) => {
        const t = performance.now();
        const res = await fetch(`${ctx.server.url}${path}`, {
          method,
          headers: { 'content-type': 'application/json', cookie: who.cookie, 'x-csrf-token': who.csrf },
          body: payload === undefined ? undefined : JSON.stringify(payload),
        });
        const body = Buffer.from(await res.arrayBuffer());
        if (!res.ok) throw new Error(`${method} ${path}: ${res.status}`);
        return { ms: performance.now() - t, bytes: body.byteLength, body };
      };
      const opened = await call(desk, 'POST', `/api/v1/library/organisations/${ctx.schoolId}/stocktaking`, {
        name: 'Kiểm kê thử tải',
      });
      const id = (JSON.parse(opened.body.toString('utf8')) as { id: string }).id;
      const scanMs: number[] = [];
      const share = Math.floor(ctx.copyCount / ctx.desks.length);
      await Promise.all(
        ctx.desks.map(async (who, d) => {
          for (let i = 0; i < scansPerDesk; i++) {
            // Every tenth scan repeats the one before: a librarian scanning a book twice.
            const n = d * share + (i % 10 === 9 ? i - 1 : i);
            scanMs.push(
              (await call(who, 'POST', `/api/v1/library/stocktaking/${id}/scans`, { code: ctx.barcodeOf(n) })).ms,
            );
          }
        }),
      );
      const result = await call(desk, 'GET', `/api/v1/library/stocktaking/${id}`);
      const pdf = await call(desk, 'GET', `/library/stocktaking/${id}/record.pdf`);
      const xlsx = await call(desk, 'GET', `/library/stocktaking/${id}/record.xlsx`);
      const figures = {
        scans: scanMs.length,
        scanMs: percentiles(scanMs),
        resultMs: Math.round(result.ms),
        pdfMs: Math.round(pdf.ms),
        pdfBytes: pdf.bytes,
        xlsxMs: Math.round(xlsx.ms),
        xlsxBytes: xlsx.bytes,
      };
      return {
        figures,
        report: [
          `## Stocktaking: ${ctx.desks.length} librarians scanning at once, ${scansPerDesk} scans each, over ${ctx.copyCount} copies`,
          '',
          '| step | p50 ms | p95 ms | max ms |',
          '| --- | --- | --- | --- |',
          `| scan | ${figures.scanMs.p50} | ${figures.scanMs.p95} | ${figures.scanMs.max} |`,
          `| result (every copy read once) | ${figures.resultMs} | | |`,
          `| record PDF (${figures.pdfBytes} bytes, the missing copies listed) | ${figures.pdfMs} | | |`,
          `| record XLSX (${figures.xlsxBytes} bytes) | ${figures.xlsxMs} | | |`,
        ],
      };
    },
  };
}
