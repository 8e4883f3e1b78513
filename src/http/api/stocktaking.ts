/**
 * Stocktaking through the API: opening a session, one scan (as the scan page sends it), the
 * session's result, closing, and writing the missing copies off (once, however often confirmed).
 */
import type { Request } from 'express';
import { z } from 'zod';
import { localDay } from '../../domain/schoolCalendar.js';
import { scanOutcomes, type StocktakingResult, type StocktakingSession } from '../../domain/stocktaking.js';
import { scanMessage } from '../../presenters/stocktaking.js';
import type { Services } from '../../services/index.js';
import { objectId } from '../../web/validate.js';
import { text } from '../schemas/text.js';
import { endpoint, type Endpoint } from './endpoint.js';
import { idParams } from './inputs.js';

const tag = 'stocktaking';

const sessionAnswer = z
  .object({
    id: z.string(),
    orgId: z.string(),
    name: z.string(),
    location: z.string().nullable().describe('The location scanned; null for the whole school'),
    openedAt: z.string(),
    closedAt: z.string().nullable(),
    version: z.number().int(),
  })
  .meta({ id: 'StocktakingSession' });

const copyRef = z.object({ id: z.string(), accessionNumber: z.string(), location: z.string() });

const resultAnswer = z
  .object({
    session: sessionAnswer,
    expected: z.number().int(),
    scanned: z.number().int(),
    scans: z.number().int(),
    missing: z.array(copyRef),
    misplaced: z.array(copyRef),
    onLoan: z.array(copyRef.extend({ seen: z.boolean() })),
    unexpected: z.array(z.object({ code: z.string(), outcome: z.enum(['other_school', 'unknown', 'withdrawn']) })),
  })
  .meta({ id: 'StocktakingResult' });

const scanAnswer = z
  .object({
    outcome: z.enum(scanOutcomes as [string, ...string[]]),
    message: z.object({ tone: z.enum(['ok', 'warn', 'error']), text: z.string() }),
    copy: copyRef.nullable().describe('The school’s copy scanned; null for an unknown code or another school’s copy'),
  })
  .meta({ id: 'StocktakingScan' });

const writeOffAnswer = z
  .object({ recordId: z.string(), number: z.number().int(), copyCount: z.number().int() })
  .meta({ id: 'StocktakingWriteOff' });

const presentSessionBody = (s: StocktakingSession) => ({
  id: s.id,
  orgId: s.orgId,
  name: s.name,
  location: s.scope.kind === 'location' ? s.scope.location : null,
  openedAt: s.openedAt.toISOString(),
  closedAt: s.closedAt?.toISOString() ?? null,
  version: s.version,
});

const ref = (c: { id: string; accessionNumber: string; location: string }) => ({
  id: c.id,
  accessionNumber: c.accessionNumber,
  location: c.location,
});

const resultBody = (session: StocktakingSession, r: StocktakingResult) => ({
  session: presentSessionBody(session),
  expected: r.expected,
  scanned: r.scanned,
  scans: r.scans,
  missing: r.missing.map(ref),
  misplaced: r.misplaced.map(ref),
  onLoan: r.onLoan.map((c) => ({ ...ref(c), seen: c.seen })),
  unexpected: r.unexpected.map((u) => ({ code: u.code, outcome: u.outcome })),
});

export function stocktakingEndpoints(services: Services): Endpoint[] {
  const { stocktaking, librarySettings } = services;
  const scan = async (req: Request, id: string, code: string) => {
    const answer = await stocktaking.scan(req.actor, id, code);
    const settings = await librarySettings.settingsOf(answer.session.orgId);
    const { outcome, tone, text: message } = scanMessage(answer.outcome, answer.code, answer.copy, settings, req.lang);
    return { outcome, message: { tone, text: message }, copy: answer.copy ? ref(answer.copy) : null };
  };
  return [
    endpoint({
      method: 'post',
      path: '/library/organisations/:id/stocktaking',
      tag,
      summary: 'Open a stocktaking session for the school, or for one of its locations',
      signedIn: true,
      params: idParams,
      body: z.object({ name: text({ max: 200, min: 1 }), location: z.string().trim().min(1).max(40).nullish() }),
      success: { status: 201, description: 'The session', schema: sessionAnswer },
      handle: async ({ req, params, body }) => {
        const session = await stocktaking.open(req.actor, params.id, {
          name: body.name,
          location: body.location ?? null,
        });
        return { status: 201, body: presentSessionBody(session) };
      },
    }),
    endpoint({
      method: 'post',
      path: '/library/stocktaking/:id/scans',
      tag,
      summary:
        'One scan (a barcode or accession number, as a scanner types it), stored before the answer: found, ' +
        'already scanned, on loan, misplaced, another school’s (flagged, never moved), unknown or withdrawn',
      signedIn: true,
      params: idParams,
      body: z.object({ code: z.string().trim().min(1).max(64) }),
      success: { status: 200, description: 'What the scan found, with a message to show', schema: scanAnswer },
      handle: async ({ req, params, body }) => ({ body: await scan(req, params.id, body.code) }),
    }),
    endpoint({
      method: 'get',
      path: '/library/stocktaking/:id',
      tag,
      summary: 'A session’s result, derived from its stored scans and the copies as they are now',
      signedIn: true,
      params: idParams,
      success: { status: 200, description: 'Counts and the copies in each group', schema: resultAnswer },
      handle: async ({ req, params }) => {
        const { session, result } = await stocktaking.result(req.actor, params.id);
        return { body: resultBody(session, result) };
      },
    }),
    endpoint({
      method: 'post',
      path: '/library/stocktaking/:id/close',
      tag,
      summary: 'Close a session: no more scans; its missing copies may then be written off',
      signedIn: true,
      params: idParams,
      body: z.object({ version: z.number().int().min(1) }),
      success: { status: 200, description: 'The closed session', schema: sessionAnswer },
      handle: async ({ req, params, body }) => ({
        body: presentSessionBody(await stocktaking.close(req.actor, params.id, body.version)),
      }),
    }),
    endpoint({
      method: 'post',
      path: '/library/stocktaking/:id/write-off',
      tag,
      summary:
        'Write the chosen missing copies off in one withdrawal record (reason lost, “mất khi kiểm kê”); ' +
        'confirming again returns the same record',
      signedIn: true,
      params: idParams,
      body: z.object({ copyIds: z.array(objectId).min(1).max(50_000) }),
      success: { status: 200, description: 'The withdrawal record', schema: writeOffAnswer },
      handle: async ({ req, params, body }) => {
        const { record } = await services.stocktakingWriteOff.confirm(
          req.actor,
          params.id,
          body.copyIds,
          localDay(new Date()),
        );
        return { body: { recordId: record.id, number: record.number, copyCount: record.copyCount } };
      },
    }),
  ];
}
