/**
 * HTML5 simulations, served from `/sim/<resource>/<file>/<ticket>/<path>` under a CSP sandbox
 * (`sandbox allow-scripts`): the package runs in an opaque origin, so its scripts can reach
 * neither our cookies nor our pages. A sandboxed document sends no cookies of ours, so access is a
 * ticket signed for one file of one resource, issued (by `/resources/:id/files/:fileId/play`) to
 * someone allowed to download it, and valid for a few hours. Only paths listed in the package's
 * manifest exist: nothing can climb out of it.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import { Router, type Request, type Response } from 'express';
import { notFound } from '../../domain/errors.js';
import type { Services } from '../../services/index.js';
import { simulationEntry } from '../../services/files/simulation.js';
import { page } from './page.js';

const TICKET_HOURS = 6;

const simulationPolicy = [
  'sandbox allow-scripts',
  "default-src 'self' data: blob:",
  // Packages made by authoring tools use inline scripts and styles; the sandbox, not the CSP, is what contains them.
  "script-src 'self' 'unsafe-inline'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "media-src 'self' data: blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  // Shown inside our pages, and inside those pages inside an LMS (any LTI platform): a sandboxed, privilege-less frame has nothing to click-jack.
  'frame-ancestors *',
].join('; ');

function sign(secret: string, resourceId: string, fileId: string, expires: number): string {
  return createHmac('sha256', secret).update(`sim:${resourceId}:${fileId}:${expires}`).digest('base64url');
}

export function simulationUrl(secret: string, resourceId: string, fileId: string, now = Date.now()): string {
  const expires = Math.floor(now / 1000) + TICKET_HOURS * 3600;
  return `/sim/${resourceId}/${fileId}/${expires}.${sign(secret, resourceId, fileId, expires)}/index.html`;
}

function ticketHolds(secret: string, resourceId: string, fileId: string, ticket: string): boolean {
  const [expires, signature] = ticket.split('.');
  if (!expires || !signature || !/^\d{1,12}$/.test(expires) || Number(expires) * 1000 < Date.now()) return false;
  const expected = Buffer.from(sign(secret, resourceId, fileId, Number(expires)));
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function simulationHeaders(res: Response, contentType: string, size: number): void {
  res.setHeader('Content-Security-Policy', simulationPolicy);
  res.removeHeader('X-Frame-Options');
  // The sandboxed document has an opaque origin: its scripts and modules are cross-origin requests to us.
  res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
  res.setHeader('Access-Control-Allow-Origin', '*');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Cache-Control', 'private, max-age=3600');
  res.setHeader('Content-Type', contentType);
  res.setHeader('Content-Length', String(size));
}

export function simulationRoutes(services: Services): Router {
  const router = Router();
  const secret = services.config.secrets.tokenSecret;

  router.get(
    '/sim/:resourceId/:fileId/:ticket/*',
    page(async (req: Request, res: Response) => {
      const { resourceId = '', fileId = '', ticket = '' } = req.params as Record<string, string | undefined>;
      if (!ticketHolds(secret, resourceId, fileId, ticket)) throw notFound();
      const resource = await services.resources.findToOpen(resourceId);
      const file =
        resource?.status === 'deleted'
          ? undefined
          : resource?.files.find((f) => f.id === fileId && f.kind === 'simulation');
      const entry = file
        ? await simulationEntry(file.id, (req.params as Record<string, string>)[0] || 'index.html')
        : null;
      if (!entry) throw notFound();
      simulationHeaders(res, entry.contentType, entry.size);
      if (req.method === 'HEAD') return void res.end();
      await pipeline(await services.files.storage.open(entry.storedId), res).catch(() => undefined);
    }),
  );
  return router;
}
