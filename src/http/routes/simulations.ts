/**
 * HTML5 simulations, served from `/sim/<resource>/<file>/<ticket>/<path>` under a CSP sandbox
 * (`sandbox allow-scripts`): the package runs in an opaque origin, so its scripts can reach
 * neither our cookies nor our pages. A sandboxed document sends no cookies of ours (nor, inside an
 * LMS, has any), so access is a ticket in the path, issued by `/resources/:id/files/:fileId/play`
 * to someone allowed to download the file. The ticket names who opened it (a person, or an
 * anonymous visitor; and whether a course's LTI grant let them in) and every request is checked
 * against the policy for that opener as things are now: once they may no longer see the item (it is
 * withdrawn or deleted, they are disabled or leave the school) the link is dead. It is also short
 * lived: the package's entry page opens only within minutes of the ticket, so a link copied from a
 * page or a log is soon useless; the package's other files stay reachable for a lesson, for the
 * parts a package loads as it goes. Only paths listed in the package's manifest exist: nothing can
 * climb out of it.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import { Router, type Request, type Response } from 'express';
import { notFound } from '../../domain/errors.js';
import { anonymous, type Actor } from '../../policies/actor.js';
import { actorOf } from '../../services/accounts.js';
import type { Services } from '../../services/index.js';
import { simulationEntry } from '../../services/files/simulation.js';
import { page } from '../../web/page.js';

/** How long after the ticket the entry page opens: the browser follows the /play redirect at once. */
const ENTRY_SECONDS = 10 * 60;
/** How long the package's other files stay reachable: a lesson, for packages that load slides or sounds as they go. */
const PARTS_SECONDS = 3 * 3600;
const ENTRY = 'index.html';

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
  // Shown inside our pages, and inside those pages inside an LMS (any LTI platform): a sandboxed, privilege-less frame
  // has nothing to click-jack.
  'frame-ancestors *',
].join('; ');

/** Who a ticket was issued to: the person (null: an anonymous visitor), and whether an LTI course grant let them in. */
interface Ticket {
  issuedAt: number;
  opener: string | null;
  granted: boolean;
}

function sign(secret: string, resourceId: string, fileId: string, t: Ticket): string {
  return createHmac('sha256', secret)
    .update(`sim:${resourceId}:${fileId}:${t.issuedAt}:${t.opener ?? '-'}:${t.granted ? 'g' : 'p'}`)
    .digest('base64url');
}

/** The entry of a simulation for `actor`, who has just been allowed to download it. */
export function simulationUrl(
  secret: string,
  resourceId: string,
  fileId: string,
  actor: Actor,
  now = Date.now(),
): string {
  const t: Ticket = {
    issuedAt: Math.floor(now / 1000),
    opener: actor.personId,
    granted: actor.grantedResourceIds.has(resourceId),
  };
  const ticket = `${t.issuedAt}.${t.opener ?? '-'}.${t.granted ? 'g' : 'p'}.${sign(secret, resourceId, fileId, t)}`;
  return `/sim/${resourceId}/${fileId}/${ticket}/${ENTRY}`;
}

/** The ticket, when it is ours for this file and still good for `entryPath`; null otherwise. */
function readTicket(secret: string, resourceId: string, fileId: string, raw: string, entryPath: string): Ticket | null {
  const match = /^(\d{1,12})\.([0-9a-f]{24}|-)\.([gp])\.([A-Za-z0-9_-]{43})$/.exec(raw);
  if (!match) return null;
  const t: Ticket = {
    issuedAt: Number(match[1]),
    opener: match[2] === '-' ? null : match[2]!,
    granted: match[3] === 'g',
  };
  const age = Date.now() / 1000 - t.issuedAt;
  if (age < -60 || age > (entryPath === ENTRY ? ENTRY_SECONDS : PARTS_SECONDS)) return null;
  const expected = Buffer.from(sign(secret, resourceId, fileId, t));
  const given = Buffer.from(match[4]!);
  return given.length === expected.length && timingSafeEqual(given, expected) ? t : null;
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

  /** The ticket's opener as they are now; null when the person is gone or disabled. */
  const openerOf = async (t: Ticket, resourceId: string): Promise<Actor | null> => {
    if (t.opener === null) return anonymous;
    const person = await services.accounts.person(t.opener);
    return person && !person.disabled ? actorOf(person, new Set(t.granted ? [resourceId] : [])) : null;
  };

  router.get(
    '/sim/:resourceId/:fileId/:ticket/*',
    page(async (req: Request, res: Response) => {
      const { resourceId = '', fileId = '', ticket = '' } = req.params as Record<string, string | undefined>;
      const entryPath = (req.params as Record<string, string>)[0] || ENTRY;
      const t = readTicket(secret, resourceId, fileId, ticket, entryPath);
      const opener = t ? await openerOf(t, resourceId) : null;
      const resource = opener ? await services.resources.findToOpenFor(opener, resourceId, 'download') : null;
      const file = resource?.files.find((f) => f.id === fileId && f.kind === 'simulation');
      const entry = file ? await simulationEntry(file.id, entryPath) : null;
      if (!entry) throw notFound();
      simulationHeaders(res, entry.contentType, entry.size);
      if (req.method === 'HEAD') return void res.end();
      await pipeline(await services.files.storage.open(entry.storedId), res).catch(() => undefined);
    }),
  );
  return router;
}
