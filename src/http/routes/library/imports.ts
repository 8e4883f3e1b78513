/**
 * Importing catalogue files and exporting a school's records: the upload form (with the recent
 * imports and the export links), the import's page (a progress bar that the page's Refresh header
 * renews without JavaScript and a small script moves live; the result once done), the result as a
 * workbook, and the catalogue as MARC21 or MARCXML.
 */
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { acquisitionSources } from '../../../domain/copy.js';
import { DomainError, forbidden, notFound } from '../../../domain/errors.js';
import { sharingScopes } from '../../../domain/resource.js';
import { canOnLibrary } from '../../../policies/library.js';
import {
  presentImportJob,
  presentImportProgress,
  presentOutcome,
  presentTitleMatch,
} from '../../../presenters/importJob.js';
import { checkIsbn } from '../../../domain/isbn.js';
import type { Services } from '../../../services/index.js';
import { MAX_IMPORT_BYTES, MAX_OFFERED } from '../../../services/library/imports/importService.js';
import { receiveFile } from '../../multipart.js';
import { objectId, parse } from '../../../web/validate.js';
import { page } from '../../../web/page.js';
import { withFormErrors } from './shared.js';

const optionsFields = z.object({
  collection: z.string().trim().min(1).max(20),
  location: z.string().trim().min(1).max(20),
  scope: z.enum(sharingScopes),
  source: z.enum(acquisitionSources),
});
const isbnQuery = z.object({ isbn: z.string().trim().max(40).optional() });
const exportQuery = z.object({ format: z.enum(['marc21', 'marcxml']).default('marc21') });

/** The school whose catalogue the page is for, when the actor may catalogue there. */
function schoolToCatalogue(services: Services, req: Request) {
  const org = services.tree.get(parse(objectId, req.params.orgId, req));
  if (!org) throw notFound();
  if (!canOnLibrary(req.actor, 'catalogue', org.id, services.tree)) throw forbidden();
  return org;
}

async function renderImportForm(
  services: Services,
  req: Request,
  res: Response,
  status = 200,
  errors: Record<string, string> = {},
) {
  const org = schoolToCatalogue(services, req);
  const settings = await services.librarySettings.settingsOf(org.id);
  const jobs = await services.imports.ofSchool(req.actor, org.id);
  res.status(status).render('pages/library-imports', {
    title: req.t('imports.pages.title'),
    org,
    collections: settings.collections.filter((c) => c.active),
    locations: settings.locations.filter((l) => l.active),
    scopes: sharingScopes.map((s) => ({
      value: s,
      label: req.t(`resources.scope.${s}`),
      explanation: req.t(`web.scopeExplained.${s}`),
      selected: s === 'public',
    })),
    sources: acquisitionSources.map((s) => ({ value: s, label: req.t(`library.source.${s}`) })),
    jobs: jobs.map((j) => presentImportJob(j, req.lang)),
    errors,
    maxMb: MAX_IMPORT_BYTES / 1024 / 1024,
  });
}

/** The import form, an import's progress and result, copy cataloguing and the catalogue's export. */
export function importPages(services: Services): Router {
  const router = Router();
  router.use(importFormPages(services), importJobPages(services), catalogueExchangePages(services));
  return router;
}

function importFormPages(services: Services): Router {
  const { imports } = services;
  const router = Router();
  router.get(
    '/library/schools/:orgId/imports',
    page(async (req, res) => renderImportForm(services, req, res)),
  );

  router.post(
    '/library/schools/:orgId/imports',
    page(async (req, res) => {
      const org = schoolToCatalogue(services, req);
      const outcome = await withFormErrors(
        req,
        () =>
          receiveFile(req, MAX_IMPORT_BYTES, async (stream, fileName, fields) => {
            const bytes = await readLimited(stream, MAX_IMPORT_BYTES);
            const options = parse(optionsFields, fields, req);
            return imports.start(req.actor, org.id, { fileName, bytes, options });
          }),
        (path) => (path.startsWith('options.') ? path.slice(8) : path),
      );
      if (!outcome.ok) return renderImportForm(services, req, res, outcome.status, outcome.errors);
      res.redirect(303, `/library/imports/${outcome.value.id}`);
    }),
  );

  return router;
}

function importJobPages(services: Services): Router {
  const { imports } = services;
  const router = Router();
  router.get(
    '/library/imports/:id',
    page(async (req, res) => {
      const progress = await imports.progress(req.actor, parse(objectId, req.params.id, req));
      if (progress.job.status === 'draft') return res.redirect(303, `/library/imports/${progress.job.id}/columns`);
      const finished = progress.job.status === 'done' || progress.job.status === 'failed';
      if (!finished) res.set('Refresh', '3');
      const outcomes = progress.job.status === 'done' ? await imports.outcomes(req.actor, progress.job.id) : [];
      res.render('pages/library-import', {
        title: req.t(finished ? 'imports.pages.resultTitle' : 'imports.pages.progressTitle', {
          file: progress.job.fileName,
        }),
        finished,
        progress: presentImportProgress(progress.job, progress.counts, progress.percent, req.lang),
        noted: outcomes.filter((o) => o.problems.length).map((o) => presentOutcome(o, req.lang)),
      });
    }),
  );

  router.get(
    '/library/imports/:id/progress.json',
    page(async (req, res) => {
      const progress = await imports.progress(req.actor, parse(objectId, req.params.id, req));
      res.json(presentImportProgress(progress.job, progress.counts, progress.percent, req.lang));
    }),
  );

  router.get(
    '/library/imports/:id/result.xlsx',
    page(async (req, res) => {
      const workbook = await imports.resultWorkbook(req.actor, parse(objectId, req.params.id, req), req.lang);
      res.attachment(`ket-qua-nhap-${req.params.id}.xlsx`);
      res.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').send(workbook);
    }),
  );

  return router;
}

function catalogueExchangePages(services: Services): Router {
  const { imports, tree } = services;
  const router = Router();
  router.get(
    '/library/schools/:orgId/copy-cataloguing',
    page(async (req, res) => {
      const org = schoolToCatalogue(services, req);
      const { isbn } = parse(isbnQuery, req.query, req);
      const titles = isbn ? await imports.titlesWithIsbn(req.actor, org.id, isbn) : [];
      res.render('pages/library-copy-cataloguing', {
        title: req.t('imports.copy.title'),
        org,
        isbn: isbn ?? '',
        searched: !!isbn,
        invalidIsbn: !!isbn && !checkIsbn(isbn).ok,
        titles: titles.map((t) => presentTitleMatch(t, org.id, tree)),
        capped: titles.length >= MAX_OFFERED ? MAX_OFFERED : 0,
      });
    }),
  );

  router.get(
    '/library/schools/:orgId/export',
    page(async (req, res) => {
      const { format } = parse(exportQuery, req.query, req);
      const file = imports.exportCatalogue(req.actor, parse(objectId, req.params.orgId, req), format);
      res.attachment(file.fileName).type(file.mediaType);
      for await (const chunk of file.chunks) if (!res.write(chunk)) await new Promise((r) => res.once('drain', r));
      res.end();
    }),
  );

  return router;
}

/** The whole upload, refused past `max` bytes. */
async function readLimited(stream: NodeJS.ReadableStream, max: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += (chunk as Buffer).length;
    if (size > max)
      throw new DomainError('validation', 'imports.tooLarge', { max: max / 1024 / 1024 }, [
        { field: 'file', messageKey: 'imports.tooLarge', params: { max: max / 1024 / 1024 } },
      ]);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}
