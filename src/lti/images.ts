/**
 * The pictures a deep-linking answer gives each item, which the platform shows in its own pages:
 * an icon for the kind of item (ours, 64×64) and, for an item anyone may see that has a picture of
 * its own, that picture as the thumbnail. Both are served here with `Cross-Origin-Resource-Policy:
 * cross-origin` (the app-wide policy, same-origin, would keep them out of the platform's pages).
 */
import path from 'node:path';
import express, { Router, type Response } from 'express';
import { z } from 'zod';
import type { OrganisationTree } from '../domain/organisation.js';
import type { FileKind, Resource } from '../domain/resource.js';
import { notFound } from '../domain/errors.js';
import { sendStoredFile } from '../web/fileDownload.js';
import { page } from '../web/page.js';
import { viewsDir } from '../web/views.js';
import { objectId, parse } from '../web/validate.js';
import { anonymous } from '../policies/actor.js';
import { canOnResource } from '../policies/resource.js';
import type { Services } from '../services/index.js';

export const ICON_SIZE = 64;
type IconKind = FileKind | 'link';

/** Resource types whose kind tells more than their first file (a video lesson with a worksheet). */
const kindOfType: Partial<Record<string, FileKind>> = {
  video: 'video',
  'am-thanh': 'audio',
  'hinh-anh': 'image',
  'mo-phong': 'simulation',
};

function iconKindOf(resource: Resource): IconKind {
  const kinds = resource.files.map((f) => f.kind);
  const typed = kindOfType[resource.metadata.type];
  if (typed && kinds.includes(typed)) return typed;
  return kinds[0] ?? typed ?? (resource.external ? 'link' : 'other');
}

export function iconOf(resource: Resource, baseUrl: string) {
  return { url: `${baseUrl}/lti/icons/${iconKindOf(resource)}.png`, width: ICON_SIZE, height: ICON_SIZE };
}

/** The item's first picture, when a platform's page may show it to anyone. */
export function thumbnailOf(resource: Resource, tree: OrganisationTree, baseUrl: string): { url: string } | null {
  const picture = resource.files.find((f) => f.kind === 'image');
  if (!picture || !canOnResource(anonymous, 'download', resource, tree)) return null;
  return { url: `${baseUrl}/lti/thumbnails/${resource.id}/${picture.id}` };
}

const thumbnailParams = z.object({ id: objectId, fileId: objectId });
const crossOrigin = (res: Response) => res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');

export function imageRoutes(services: Services): Router {
  const router = Router();
  router.use(
    '/icons',
    express.static(path.join(viewsDir, 'assets', 'lti', 'icons'), { index: false, setHeaders: crossOrigin }),
  );
  router.get(
    '/thumbnails/:id/:fileId',
    page(async (req, res) => {
      const { id, fileId } = parse(thumbnailParams, req.params, req);
      const { file, stored } = await services.files.downloadable(anonymous, id, fileId);
      if (file.kind !== 'image') throw notFound('resources.fileNotFound');
      crossOrigin(res);
      await sendStoredFile(req, res, services.files.storage, stored, {
        name: file.name,
        mediaType: file.mediaType,
        download: false,
      });
    }),
  );
  return router;
}
