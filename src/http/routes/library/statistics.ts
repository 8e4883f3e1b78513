/**
 * A school library's dashboard (charts with their tables, a school-year selector), the department's
 * overview of its schools side by side, and the overview as the yearly report's workbook (XLSX).
 * /library/statistics opens the overview for those above schools, else their school's dashboard.
 */
import { Router, type Request, type Response } from 'express';
import { forbidden } from '../../../domain/errors.js';
import { presentOverview, sectorCaptions } from '../../../presenters/libraryOverview.js';
import { presentSchoolStatistics } from '../../../presenters/libraryStatistics.js';
import type { Services } from '../../../services/index.js';
import { writeIndicatorsXlsx } from '../../../services/render/indicatorsXlsx.js';
import { overviewQuery, statisticsQuery } from '../../schemas/libraryStatistics.js';
import { objectId, parse } from '../../../web/validate.js';
import { page } from '../../../web/page.js';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function statisticsPages(services: Services): Router {
  const router = Router();
  statisticsEntryRoute(router, services);
  schoolStatisticsRoute(router, services);
  overviewRoutes(router, services);
  return router;
}

const orgIdOf = (req: Request) => parse(objectId, req.params.orgId, req);

function yearChoices(stats: Services['libraryStatistics'], req: Request, year: string) {
  return stats
    .years()
    .choices.map((y) => ({ value: y, selected: y === year, label: req.t('libraryStats.yearN', { year: y }) }));
}

/** /library/statistics: the overview for those above schools, else their school's dashboard. */
function statisticsEntryRoute(router: Router, { libraryStatistics: stats, tree }: Services): void {
  router.get(
    '/library/statistics',
    page(async (req, res) => {
      const schools = stats.viewableSchools(req.actor);
      if (!schools.length) throw forbidden();
      const above = tree
        .all()
        .filter((o) => o.type !== 'school' && schools.some((s) => tree.isWithin(s.id, o.id)))
        .find((o) => stats.may(req.actor, o.id));
      res.redirect(
        303,
        above ? `/library/organisations/${above.id}/overview` : `/library/schools/${schools[0]!.id}/statistics`,
      );
    }),
  );
}

/** A school library's dashboard for a school year. */
function schoolStatisticsRoute(router: Router, { libraryStatistics: stats, librarySettings, tree }: Services): void {
  router.get(
    '/library/schools/:orgId/statistics',
    page(async (req, res) => {
      const orgId = orgIdOf(req);
      const year = parse(statisticsQuery, req.query, req).year ?? stats.years().current;
      const { figures, detail } = await stats.forSchool(req.actor, orgId, year);
      const settings = await librarySettings.settingsOf(orgId);
      res.render('pages/library-statistics', {
        title: req.t('libraryStats.title', { name: tree.get(orgId)!.name }),
        org: tree.get(orgId),
        year,
        years: yearChoices(stats, req, year),
        stats: presentSchoolStatistics(figures, detail, settings.collections, req.lang),
      });
    }),
  );
}

/** The department's overview of its schools, as a page and as the yearly report's workbook. */
function overviewRoutes(router: Router, { libraryStatistics: stats, tree }: Services): void {
  const overview = async (req: Request) => {
    const orgId = orgIdOf(req);
    const query = parse(overviewQuery, req.query, req);
    const year = query.year ?? stats.years().current;
    return { orgId, query, year, rows: await stats.indicatorsOfSchools(req.actor, orgId, year) };
  };

  router.get(
    '/library/organisations/:orgId/overview',
    page(async (req, res) => {
      const { orgId, query, year, rows } = await overview(req);
      res.render('pages/library-overview', {
        title: req.t('libraryStats.department.title', { name: tree.get(orgId)!.name }),
        org: tree.get(orgId),
        year,
        years: yearChoices(stats, req, year),
        sort: query.sort,
        dir: query.dir,
        overview: presentOverview(rows, { orgId, year, sort: query.sort, dir: query.dir }, req.lang),
      });
    }),
  );

  router.get(
    '/library/organisations/:orgId/overview.xlsx',
    page(async (req, res) => {
      const { orgId, year } = await overview(req);
      await sendIndicatorsXlsx(req, res, await stats.sectorRecordsUnder(req.actor, orgId, year), {
        name: tree.get(orgId)!.name,
        year,
        file: `chi-so-thu-vien-${year}.xlsx`,
      });
    }),
  );
}

/** The indicators workbook as a download: the people's sheet in the reader's language, then the sector's. */
export async function sendIndicatorsXlsx(
  req: Request,
  res: Response,
  records: Parameters<typeof writeIndicatorsXlsx>[1]['records'],
  about: { name: string; year: string; file: string },
): Promise<void> {
  res.setHeader('Content-Type', XLSX_TYPE);
  res.setHeader('Content-Disposition', `attachment; filename="${about.file}"`);
  await writeIndicatorsXlsx(res, {
    sheetName: req.t('libraryStats.department.sheet'),
    title: req.t('libraryStats.department.reportTitle', { name: about.name, year: about.year }),
    captions: sectorCaptions(req.t),
    records,
  });
  res.end();
}
