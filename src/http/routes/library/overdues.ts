/**
 * The overdue list per class (page) and the reminder slips (phiếu nhắc trả sách) as an A4 PDF,
 * three slips to a page, for the whole school or one class. A GET form picks the year and class,
 * so the page works without JavaScript.
 */
import { Router, type Request } from 'express';
import { z } from 'zod';
import { isSchoolYear } from '../../../domain/classMembership.js';
import { presentOverdueClasses, presentReminderSlips } from '../../../presenters/overdueByClass.js';
import type { Services } from '../../../services/index.js';
import { slipsPdf } from '../../../services/render/slipsPdf.js';
import { page } from '../../../web/page.js';
import { objectId, parse } from '../../../web/validate.js';
import { titlesOf } from '../../titles.js';

const listQuery = z.object({
  year: z.string().trim().refine(isSchoolYear, { error: 'năm học / school year: 2026-2027' }).optional(),
  class: z.string().trim().max(40).optional(),
});

export function overduePages(services: Services): Router {
  const { overdueByClass, tree } = services;
  const router = Router();

  const load = async (req: Request) => {
    const orgId = parse(objectId, req.params.orgId, req);
    const query = parse(listQuery, req.query, req);
    const list = await overdueByClass.list(req.actor, orgId, { year: query.year, className: query.class || undefined });
    const titleOf = await titlesOf(
      services.search,
      list.classes.flatMap((c) => c.readers.flatMap((r) => r.loans)),
    );
    return { orgId, query, list, titleOf };
  };

  router.get(
    '/library/schools/:orgId/overdues',
    page(async (req, res) => {
      const { orgId, query, list, titleOf } = await load(req);
      res.render('pages/library-overdues', {
        title: req.t('patrons.overdue.title'),
        org: tree.get(orgId),
        schoolYear: list.schoolYear,
        className: query.class ?? '',
        classes: presentOverdueClasses(list.classes, titleOf, req.t),
      });
    }),
  );

  router.get(
    '/library/schools/:orgId/overdues/slips.pdf',
    page(async (req, res) => {
      const { orgId, list, titleOf } = await load(req);
      const school = tree.get(orgId)!.name;
      const slips = presentReminderSlips(school, list.schoolYear, list.classes, titleOf, req.t);
      res.setHeader('Content-Type', 'application/pdf');
      res.setHeader('Content-Disposition', 'inline; filename="phieu-nhac-tra-sach.pdf"');
      res.send(await slipsPdf(slips, req.t('patrons.slip.fileTitle')));
    }),
  );

  return router;
}
