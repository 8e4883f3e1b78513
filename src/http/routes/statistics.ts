/**
 * An organisation's statistics page and its CSV export (UTF-8 with a BOM, so that Excel reads Vietnamese correctly).
 */
import { Router, type Request } from 'express';
import { stringify } from 'csv-stringify/sync';
import { z } from 'zod';
import { presentStatistics, statisticsCsvRows } from '../../presenters/statistics.js';
import type { Services } from '../../services/index.js';
import { monthOf } from '../../services/statistics.js';
import { requireSignIn } from '../../web/session.js';
import { objectId, parse } from '../../web/validate.js';
import { page } from '../../web/page.js';

const MONTHS_SHOWN = 12;
const MAX_MONTHS = 60;
const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, { error: 'YYYY-MM' });
const rangeQuery = z
  .object({ from: month.optional(), to: month.optional() })
  .transform(({ from, to }) => {
    const last = to ?? monthOf(new Date());
    const [y, m] = last.split('-').map(Number) as [number, number];
    const back = y * 12 + (m - 1) - (MONTHS_SHOWN - 1);
    return { from: from ?? `${Math.floor(back / 12)}-${String((back % 12) + 1).padStart(2, '0')}`, to: last };
  })
  .refine((r) => r.from <= r.to, { error: 'from ≤ to', path: ['from'] })
  .refine((r) => monthsBetween(r.from, r.to) <= MAX_MONTHS, { error: `≤ ${MAX_MONTHS}`, path: ['from'] });

function monthsBetween(from: string, to: string): number {
  const index = (s: string) => Number(s.slice(0, 4)) * 12 + Number(s.slice(5, 7));
  return index(to) - index(from) + 1;
}

export function statisticsPages(services: Services): Router {
  const { statistics, tree } = services;
  const router = Router();
  const load = async (req: Request) => {
    const id = parse(objectId, req.params.id, req);
    const range = parse(rangeQuery, req.query, req);
    return { id, range, stats: await statistics.forOrganisation(req.actor, id, range.from, range.to) };
  };

  router.get(
    '/admin/organisations/:id/statistics',
    requireSignIn,
    page(async (req, res) => {
      const { id, range, stats } = await load(req);
      const org = tree.get(id)!;
      res.render('pages/statistics', {
        title: req.t('web.stats.title', { name: org.name }),
        organisation: { id, name: org.name },
        range,
        csvUrl: `/admin/organisations/${id}/statistics.csv?${new URLSearchParams(range)}`,
        stats: presentStatistics(stats, req.lang),
      });
    }),
  );

  router.get(
    '/admin/organisations/:id/statistics.csv',
    requireSignIn,
    page(async (req, res) => {
      const { id, range, stats } = await load(req);
      const code = tree.get(id)!.code;
      // escape_formulas: a title like "=HYPERLINK(…)" must stay text in a spreadsheet.
      const csv = stringify(statisticsCsvRows(stats, req.lang), {
        bom: true,
        record_delimiter: 'windows',
        escape_formulas: true,
      });
      res.type('text/csv; charset=utf-8');
      res.attachment(`thong-ke-${code}-${range.from}-${range.to}.csv`);
      res.send(csv);
    }),
  );
  return router;
}
