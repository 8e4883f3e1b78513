/**
 * Stocktaking (kiểm kê) sessions: opening one for a school or one of its locations, scanning
 * (several librarians at once, over days and restarts: every scan is stored as it arrives, nothing
 * is kept in memory), the result derived from the stored scans, and closing. Writing the missing
 * copies off and the printable record are in ./stocktakingWriteOff.ts and ./stocktakingRecord.ts.
 */
import { normaliseLabel } from '../../domain/accession.js';
import { conflict, forbidden, invalid, notFound } from '../../domain/errors.js';
import {
  classifyScan,
  onShelfStatuses,
  stocktakingResult,
  type ScanOutcome,
  type StocktakingCopy,
  type StocktakingResult,
  type StocktakingSession,
} from '../../domain/stocktaking.js';
import { accessionKeyId, barcodeKeyId } from '../../models/copyKey.js';
import {
  copyIdByKey,
  expectedOnShelfCount,
  insertStocktakingSession,
  recordStocktakingScan,
  stocktakingCopiesOf,
  stocktakingCopyById,
  stocktakingFoundCount,
  stocktakingScanCount,
  stocktakingSessionById,
  stocktakingSessionsOf,
  stocktakingSightings,
  updateStocktakingSessionIfVersion,
} from '../../models/stocktaking.js';
import { readAll } from '../../db/readAll.js';
import type { Actor } from '../../policies/actor.js';
import { canOnStocktaking, seesStocktaking, type StocktakingAction } from '../../policies/stocktaking.js';
import type { OrganisationDirectory } from '../organisationDirectory.js';
import { requireLocation, type LibrarySettingsService } from './settings.js';

export interface OpenSessionInput {
  name: string;
  /** A location code of the school; null for the whole school. */
  location: string | null;
}

export interface ScanAnswer {
  session: StocktakingSession;
  outcome: ScanOutcome;
  code: string;
  copy: StocktakingCopy | null;
}

export class StocktakingService {
  constructor(
    private readonly tree: OrganisationDirectory,
    private readonly settings: LibrarySettingsService,
  ) {}

  async open(actor: Actor, orgId: string, input: OpenSessionInput): Promise<StocktakingSession> {
    this.requireSchool(actor, 'open', orgId);
    if (input.location) requireLocation(await this.settings.settingsOf(orgId), input.location);
    return insertStocktakingSession({
      orgId,
      name: input.name,
      scope: input.location ? { kind: 'location', location: input.location } : { kind: 'school' },
      openedBy: actor.personId,
      openedAt: new Date(),
      closedBy: null,
      closedAt: null,
      writeOff: null,
      version: 1,
    });
  }

  async sessionsOf(actor: Actor, orgId: string): Promise<StocktakingSession[]> {
    this.requireSchool(actor, 'view', orgId);
    return stocktakingSessionsOf(orgId);
  }

  /** A session the actor may act on; one of a school they cannot see is "not found". */
  async load(actor: Actor, id: string, action: StocktakingAction = 'view'): Promise<StocktakingSession> {
    const session = await stocktakingSessionById(id);
    if (!session || !seesStocktaking(actor, session.orgId, this.tree))
      throw notFound('stocktaking.errors.sessionNotFound');
    if (!canOnStocktaking(actor, action, session.orgId, this.tree)) throw forbidden();
    return session;
  }

  /** One scan, stored before it is answered; a copy of another school is flagged, never moved. */
  async scan(actor: Actor, sessionId: string, rawCode: string): Promise<ScanAnswer> {
    const session = await this.load(actor, sessionId, 'scan');
    if (session.closedAt) throw conflict('stocktaking.errors.closed');
    const code = normaliseLabel(rawCode);
    if (!code) throw invalid([{ field: 'code', messageKey: 'stocktaking.errors.emptyCode' }]);
    const copy = await this.copyByCode(session.orgId, code);
    const outcome = classifyScan(session.orgId, session.scope, copy);
    const first = await recordStocktakingScan({
      sessionId,
      code,
      outcome,
      copyId: copy?.id ?? null,
      copyOrgId: copy?.orgId ?? null,
      by: actor.personId,
      at: new Date(),
    });
    // Another school's copy tells only that it is there, not what it is.
    const shown = copy && copy.orgId === session.orgId ? copy : null;
    return { session, code, copy: shown, outcome: first ? outcome : 'already_scanned' };
  }

  /** Copies of expected ones scanned so far, of those expected: cheap enough for every page of the scanner. */
  async progress(session: StocktakingSession): Promise<{ found: number; expected: number }> {
    const location = session.scope.kind === 'location' ? session.scope.location : null;
    const [found, expected] = await Promise.all([
      stocktakingFoundCount(session.id),
      expectedOnShelfCount(session.orgId, location, onShelfStatuses),
    ]);
    return { found, expected };
  }

  /** The session and what it found, derived from the stored scans and the copies as they are now. */
  async result(actor: Actor, id: string): Promise<{ session: StocktakingSession; result: StocktakingResult }> {
    const session = await this.load(actor, id);
    return { session, result: await this.resultOf(session) };
  }

  async resultOf(session: StocktakingSession): Promise<StocktakingResult> {
    const [sightings, scans] = await Promise.all([stocktakingSightings(session.id), stocktakingScanCount(session.id)]);
    const copies: StocktakingCopy[] = [];
    for await (const copy of stocktakingCopiesOf(session.orgId)) copies.push(copy);
    return stocktakingResult(session.scope, copies, sightings, scans, new Set(session.writeOff?.copyIds ?? []));
  }

  /** Ends the scanning; the result stays, and missing copies may then be written off. */
  async close(actor: Actor, id: string, expectedVersion: number): Promise<StocktakingSession> {
    const session = await this.load(actor, id, 'close');
    if (session.closedAt) return session;
    if (expectedVersion !== session.version) throw conflict('errors.conflict', { current: session.version });
    const closed = await updateStocktakingSessionIfVersion(id, expectedVersion, {
      closedBy: actor.personId,
      closedAt: new Date(),
    });
    if (!closed) throw conflict('errors.conflict');
    return closed;
  }

  /**
   * The copy a scanned code names: the school's own by barcode, then by accession number; failing
   * both, another school's (to flag it). Keys are looked up by `_id` only (fast on both databases).
   */
  private async copyByCode(orgId: string, code: string): Promise<StocktakingCopy | null> {
    const own = (await copyIdByKey(barcodeKeyId(orgId, code))) ?? (await copyIdByKey(accessionKeyId(orgId, code)));
    if (own) return stocktakingCopyById(own);
    const others = this.tree.all().filter((o) => o.id !== orgId);
    for (const keyOf of [barcodeKeyId, accessionKeyId]) {
      const found = (await readAll(others, (o) => copyIdByKey(keyOf(o.id, code)))).find((r) => r.record);
      if (found) return stocktakingCopyById(found.record!);
    }
    return null;
  }

  private requireSchool(actor: Actor, action: StocktakingAction, orgId: string): void {
    if (!this.tree.get(orgId) || !seesStocktaking(actor, orgId, this.tree)) throw notFound();
    if (!canOnStocktaking(actor, action, orgId, this.tree)) throw forbidden();
  }
}
