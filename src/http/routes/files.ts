/**
 * Files of a resource, for pages and the API: upload (multipart, streamed: the CSRF token comes in
 * the `X-CSRF-Token` header or `?_csrf=`, the version as a form field before the file, `If-Match`
 * or `?version=`), removal, download and inline view (Range, ETag), a full-page viewer, and the
 * door to a simulation's sandbox. Also serves pdf.js from our own origin.
 */
import path from 'node:path';
import express, { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { projectRoot, type Config } from '../../../config/index.js';
import { DomainError } from '../../domain/errors.js';
import { presentResource } from '../../presenters/resource.js';
import type { Services } from '../../services/index.js';
import { expectedVersion } from '../api/endpoint.js';
import { requireSignIn } from '../../web/session.js';
import { receiveFile } from '../multipart.js';
import { objectId, parse } from '../../web/validate.js';
import { sendStoredFile } from '../../web/fileDownload.js';
import { page, versionField } from '../../web/page.js';
import { simulationUrl } from './simulations.js';

const fileParams = z.object({ id: objectId, fileId: z.string().regex(/^[0-9a-f]{24}$/) });
const resourceParams = z.object({ id: objectId });
const optionalVersion = z.object({ version: z.coerce.number().int().min(1).optional() });
const downloadQuery = z.object({ download: z.enum(['1', 'true']).optional() });

export function fileRoutes(services: Services, config: Config): Router {
  const router = Router();
  uploadRoutes(router, services, config);
  removalRoutes(router, services, config);
  readingRoutes(router, services, config);
  return router;
}

/** A file added to a resource, from its page or through the API. */
function uploadRoutes(router: Router, { files, tree }: Services, config: Config): void {
  const upload = (req: Request) => {
    const { id } = parse(resourceParams, req.params, req);
    return receiveFile(req, config.uploadMaxBytes, async (stream, filename, fields) => {
      const { version } = parse(optionalVersion, { version: fields.version ?? req.query.version }, req);
      return files.upload(req.actor, id, expectedVersion(req, version), {
        stream,
        filename,
        maxBytes: config.uploadMaxBytes,
      });
    });
  };

  router.post(
    '/resources/:id/files',
    requireSignIn,
    page(async (req, res) => {
      const resource = await upload(req);
      res.redirect(303, `/resources/${resource.id}`);
    }),
  );

  router.post(
    '/api/v1/resources/:id/files',
    requireSignIn,
    page(async (req, res) => {
      const resource = await upload(req);
      res.setHeader('ETag', `"${resource.version}"`);
      res.setHeader('Cache-Control', 'no-store');
      res.status(201).json(presentResource(resource, req.actor, tree, req.lang, config.baseUrl));
    }),
  );
}

/** A file taken off a resource, from its page or through the API. */
function removalRoutes(router: Router, { files, tree }: Services, config: Config): void {
  router.post(
    '/resources/:id/files/:fileId/delete',
    requireSignIn,
    page(async (req, res) => {
      const { id, fileId } = parse(fileParams, req.params, req);
      const { version } = parse(versionField, req.body, req);
      await files.remove(req.actor, id, version, fileId);
      res.redirect(303, `/resources/${id}`);
    }),
  );

  router.delete(
    '/api/v1/resources/:id/files/:fileId',
    requireSignIn,
    page(async (req, res) => {
      const { id, fileId } = parse(fileParams, req.params, req);
      const { version } = parse(
        optionalVersion,
        { version: (req.body as { version?: unknown } | undefined)?.version ?? req.query.version },
        req,
      );
      const resource = await files.remove(req.actor, id, expectedVersion(req, version), fileId);
      res.setHeader('ETag', `"${resource.version}"`);
      res.setHeader('Cache-Control', 'no-store');
      res.json(presentResource(resource, req.actor, tree, req.lang, config.baseUrl));
    }),
  );
}

/** A file downloaded or shown inline, played (a simulation) or shown in the viewer page. */
function readingRoutes(router: Router, { files, tree, usage }: Services, config: Config): void {
  router.get(
    '/resources/:id/files/:fileId',
    page(async (req, res) => {
      const { id, fileId } = parse(fileParams, req.params, req);
      const { download } = parse(downloadQuery, req.query, req);
      const { resource, file, stored } = await files.downloadable(req.actor, id, fileId);
      await sendStoredFile(req, res, files.storage, stored, {
        name: file.name,
        mediaType: file.mediaType,
        download: download !== undefined,
        onFullDownload: () => void usage.record('download', resource, req.actor.personId),
      });
    }),
  );

  router.get(
    '/resources/:id/files/:fileId/play',
    page(async (req, res) => {
      const { id, fileId } = parse(fileParams, req.params, req);
      const { file } = await files.downloadable(req.actor, id, fileId);
      if (file.kind !== 'simulation') throw new DomainError('not_found', 'resources.fileNotFound');
      res.setHeader('Cache-Control', 'no-store');
      res.redirect(302, simulationUrl(config.secrets.tokenSecret, id, fileId, req.actor));
    }),
  );

  router.get(
    '/resources/:id/view/:fileId',
    page(async (req: Request, res: Response) => {
      const { id, fileId } = parse(fileParams, req.params, req);
      const { resource } = await files.downloadable(req.actor, id, fileId);
      const detail = presentResource(resource, req.actor, tree, req.lang, config.baseUrl);
      const file = detail.files.find((f) => f.id === fileId)!;
      res.render('pages/viewer', { title: `${file.name} — ${detail.title}`, resource: detail, file });
    }),
  );
}

/**
 * pdf.js (its build, worker, fonts and character maps), served from our origin: the viewer loads nothing from
 * elsewhere.
 */
export function pdfjsAssets(maxAge: string | number): Router {
  const root = path.join(projectRoot, 'node_modules', 'pdfjs-dist');
  const router = Router();
  for (const dir of ['build', 'standard_fonts', 'cmaps', 'wasm']) {
    router.use(`/${dir}`, express.static(path.join(root, dir), { maxAge, index: false, fallthrough: false }));
  }
  return router;
}
