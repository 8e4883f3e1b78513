/**
 * Inter-library requests between the schools of a province (mượn liên thư viện). A reader asks for
 * a printed title another school holds; that school's librarian sends a copy (in transit) or
 * refuses; the reader's librarian receives it and hands it over (on loan at the borrowing school);
 * the copy back on its shelf closes the request. Each step is one conditional write on the
 * request's version, decided before the copy moves: of two librarians sending at once, one sends
 * and the other is told it was already sent. A copy that cannot move undoes the step.
 */
import { conflict, DomainError, forbidden, invalid, notFound } from '../../domain/errors.js';
import type { Copy, CopyStatus } from '../../domain/copy.js';
import {
  isOpen,
  nextStatus,
  type InterLibraryRequest,
  type InterLibraryStatus,
  type InterLibraryStep,
  type RequestCursor,
  type RequestPage,
} from '../../domain/interLibrary.js';
import {
  insertInterLibraryRequest,
  interLibraryCountsOfSchool,
  interLibraryRequestById,
  interLibraryRequestsOfRequester,
  interLibraryRequestsOfSchool,
  interLibraryRequestsPage,
  newInterLibraryRequestId,
  updateInterLibraryRequestIfVersion,
} from '../../models/interLibraryRequest.js';
import type { Actor } from '../../policies/actor.js';
import {
  canListInterLibrary,
  canOnInterLibrary,
  canRequestInterLibrary,
  type InterLibraryAction,
} from '../../policies/interLibrary.js';
import type { OrganisationDirectory } from '../organisationDirectory.js';
import type { ResourceService } from '../resources.js';
import type { CopyService } from './copies.js';
import type { HoldingsReadModel } from './holdings.js';
import { noInterLibraryLoans, type InterLibraryLoanBook } from './interLibraryLoans.js';

/**
 * Tells the lending school's librarians that a request arrived, and the reader that their request
 * moved (in the app, and by e-mail where configured).
 */
export interface InterLibraryNotifier {
  arrived(request: InterLibraryRequest): Promise<void>;
  stepped(request: InterLibraryRequest): Promise<void>;
}

export const silentInterLibraryNotifier: InterLibraryNotifier = {
  arrived: async () => undefined,
  stepped: async () => undefined,
};

export interface InterLibraryPanel {
  latest: InterLibraryRequest | null;
  /** The reader's school, where they would borrow. */
  borrowingOrgId: string | null;
  /** Schools holding the title that the reader may ask. */
  lenders: string[];
}

export interface RequestInput {
  resourceId: string;
  /** The reader's school: where the copy will be lent to them. */
  borrowingOrgId: string;
  lendingOrgId: string;
  note: string | null;
}

/** How the copy moves with each step that moves it. */
const copySteps: Partial<Record<InterLibraryStep, { from: CopyStatus; to: CopyStatus }>> = {
  send: { from: 'available', to: 'in_transit' },
  receive: { from: 'in_transit', to: 'on_loan' },
  return: { from: 'on_loan', to: 'available' },
};

export class InterLibraryService {
  constructor(
    private readonly tree: OrganisationDirectory,
    private readonly resources: ResourceService,
    private readonly copies: CopyService,
    private readonly holdings: HoldingsReadModel,
    private readonly notifier: InterLibraryNotifier = silentInterLibraryNotifier,
    private readonly loans: InterLibraryLoanBook = noInterLibraryLoans,
  ) {}

  /** A reader asks another school of the province for a printed title it holds. */
  async request(actor: Actor, input: RequestInput, now = new Date()): Promise<InterLibraryRequest> {
    const title = await this.resources.load(actor, input.resourceId);
    if (!this.tree.get(input.lendingOrgId) || !this.tree.get(input.borrowingOrgId)) throw notFound();
    if (!canRequestInterLibrary(actor, input.borrowingOrgId, input.lendingOrgId, this.tree)) throw forbidden();
    const held = this.holdings.summary(title.id).find((s) => s.orgId === input.lendingOrgId);
    if (!title.print || !held?.total) throw conflict('interLibrary.errors.notHeld');
    const mine = await interLibraryRequestsOfRequester(actor.personId!);
    if (mine.some((r) => r.resourceId === title.id && isOpen(r.status)))
      throw conflict('interLibrary.errors.alreadyRequested');
    const request: InterLibraryRequest = {
      id: newInterLibraryRequestId(),
      resourceId: title.id,
      requesterId: actor.personId!,
      borrowingOrgId: input.borrowingOrgId,
      lendingOrgId: input.lendingOrgId,
      status: 'requested',
      copyId: null,
      reason: null,
      note: input.note,
      history: [{ at: now, status: 'requested', actorId: actor.personId, reason: null }],
      createdAt: now,
      modifiedAt: now,
      version: 1,
    };
    await insertInterLibraryRequest(request);
    await this.notifier.arrived(request);
    return request;
  }

  /** A request for those who may see it; "not found" for anyone else. */
  async load(actor: Actor, id: string, action: InterLibraryAction = 'view'): Promise<InterLibraryRequest> {
    const request = await interLibraryRequestById(id);
    if (!request || !canOnInterLibrary(actor, 'view', request, this.tree)) throw notFound('interLibrary.notFound');
    if (!canOnInterLibrary(actor, action, request, this.tree)) throw forbidden();
    return request;
  }

  /**
   * The lending librarian sends the copy scanned or typed (its barcode or accession number): one of
   * the lending school's, of the title asked for, on the shelf. A request already sent is told so
   * before the copy is looked at, so that a repeated send reads as what it is.
   */
  async send(actor: Actor, id: string, code: string): Promise<InterLibraryRequest> {
    const request = await this.load(actor, id, 'send');
    const next = nextStatus(request.status, 'send', null);
    if (!next.ok) throw this.refusal(next.why, request.status);
    const copy = await this.lendersCopy(actor, request.lendingOrgId, code.trim());
    if (copy.resourceId !== request.resourceId)
      throw invalid([{ field: 'barcode', messageKey: 'interLibrary.errors.otherTitle' }]);
    if (copy.status !== 'available')
      throw invalid([{ field: 'barcode', messageKey: 'interLibrary.errors.copyNotOnShelf' }]);
    return this.step(actor, request, 'send', null, copy.id);
  }

  /** A copy of the lending school by barcode, else by accession number; any other code is a field error. */
  private async lendersCopy(actor: Actor, orgId: string, code: string): Promise<Copy> {
    if (!code) throw invalid([{ field: 'barcode', messageKey: 'interLibraryDesk.errors.codeNeeded' }]);
    const unlessMissing = (err: unknown) => {
      if (err instanceof DomainError && err.code === 'not_found') return null;
      throw err;
    };
    const copy =
      (await this.copies.byBarcode(actor, orgId, code).catch(unlessMissing)) ??
      (await this.copies.byAccession(actor, orgId, code).catch(unlessMissing));
    if (!copy || copy.orgId !== orgId)
      throw invalid([{ field: 'barcode', messageKey: 'interLibraryDesk.errors.notOurCopy', params: { code } }]);
    return copy;
  }

  async refuse(actor: Actor, id: string, reason: string): Promise<InterLibraryRequest> {
    return this.step(actor, await this.load(actor, id, 'refuse'), 'refuse', reason);
  }

  async cancel(actor: Actor, id: string, reason: string): Promise<InterLibraryRequest> {
    return this.step(actor, await this.load(actor, id, 'cancel'), 'cancel', reason);
  }

  /** The borrowing librarian received the copy and hands it to the reader at her desk. */
  async receive(actor: Actor, id: string): Promise<InterLibraryRequest> {
    return this.step(actor, await this.load(actor, id, 'receive'), 'receive', null);
  }

  /** The copy is back on the lending school's shelf: the request is closed. */
  async returned(actor: Actor, id: string): Promise<InterLibraryRequest> {
    return this.step(actor, await this.load(actor, id, 'return'), 'return', null);
  }

  /** A school's requests: those it is asked (lending) or its readers made (borrowing), newest first. */
  async ofSchool(
    actor: Actor,
    orgId: string,
    side: 'lending' | 'borrowing',
    status?: InterLibraryStatus,
  ): Promise<InterLibraryRequest[]> {
    this.requireList(actor, orgId);
    return interLibraryRequestsOfSchool(orgId, side, 200, status);
  }

  /** A page of a school's requests (the librarians' lists), newest first, from a cursor either way. */
  async pageOfSchool(
    actor: Actor,
    orgId: string,
    side: 'lending' | 'borrowing',
    options: { status?: InterLibraryStatus; after?: RequestCursor; before?: RequestCursor; size?: number },
  ): Promise<RequestPage> {
    this.requireList(actor, orgId);
    return interLibraryRequestsPage(orgId, side, { ...options, size: options.size ?? 200 });
  }

  /** How many of a school's requests (one side) are in each status, for the librarians' menu. */
  async countsOfSchool(
    actor: Actor,
    orgId: string,
    side: 'lending' | 'borrowing',
  ): Promise<Record<InterLibraryStatus, number>> {
    this.requireList(actor, orgId);
    return interLibraryCountsOfSchool(orgId, side);
  }

  /** The librarians' pages and lists: for those who manage the school; "not found" for no school. */
  requireList(actor: Actor, orgId: string): void {
    if (!this.tree.get(orgId)) throw notFound();
    if (!canListInterLibrary(actor, orgId, this.tree)) throw forbidden();
  }

  /** The signed-in reader's own requests, newest first. */
  async mine(actor: Actor): Promise<InterLibraryRequest[]> {
    return actor.personId ? interLibraryRequestsOfRequester(actor.personId) : [];
  }

  /** For the union catalogue and a title's page: the reader's latest request per title, by title. */
  async latestOfTitles(actor: Actor, resourceIds: readonly string[]): Promise<Map<string, InterLibraryRequest>> {
    const wanted = new Set(resourceIds);
    const latest = new Map<string, InterLibraryRequest>();
    for (const r of await this.mine(actor))
      if (wanted.has(r.resourceId) && !latest.has(r.resourceId)) latest.set(r.resourceId, r);
    return latest;
  }

  /**
   * What a title's page offers the reader: their latest request for it, and the schools holding
   * it that they may ask from their own school (none once a request is open).
   */
  async panelFor(actor: Actor, resourceId: string): Promise<InterLibraryPanel> {
    const latest = (await this.latestOfTitles(actor, [resourceId])).get(resourceId) ?? null;
    const ownSchools = actor.memberships.map((m) => m.orgId).filter((id) => this.tree.get(id)?.type === 'school');
    const borrowingOrgId = ownSchools[0] ?? null;
    const lenders =
      borrowingOrgId && !(latest && isOpen(latest.status))
        ? this.holdings
            .summary(resourceId)
            .filter((s) => s.total > 0 && canRequestInterLibrary(actor, borrowingOrgId, s.orgId, this.tree))
            .map((s) => s.orgId)
        : [];
    return { latest, borrowingOrgId, lenders };
  }

  private async step(
    actor: Actor,
    request: InterLibraryRequest,
    step: InterLibraryStep,
    reason: string | null,
    copyId: string | null = request.copyId,
  ): Promise<InterLibraryRequest> {
    const answer = nextStatus(request.status, step, reason);
    if (!answer.ok) throw this.refusal(answer.why, request.status);
    const at = new Date();
    const moved = await updateInterLibraryRequestIfVersion(
      request.id,
      request.version,
      { status: answer.to, copyId, ...(reason !== null ? { reason: reason.trim() } : {}) },
      { at, status: answer.to, actorId: actor.personId, reason: reason?.trim() ?? null },
    );
    if (!moved) throw this.refusal('not_now', (await interLibraryRequestById(request.id))?.status ?? request.status);
    await this.moveCopy(actor, moved, step, request.status);
    if (step === 'receive') await this.loans.opened(actor, moved, at);
    if (step === 'return') await this.loans.closed(actor, moved, at);
    await this.notifier.stepped(moved);
    return moved;
  }

  /** Moves the copy with the step; a copy that cannot move puts the request back where it was. */
  private async moveCopy(actor: Actor, moved: InterLibraryRequest, step: InterLibraryStep, from: InterLibraryStatus) {
    const copyStep = copySteps[step];
    if (!copyStep || !moved.copyId) return;
    const school = this.tree.get(step === 'return' ? moved.lendingOrgId : moved.borrowingOrgId)?.name ?? '';
    try {
      await this.copies.stepBetweenSchools(
        actor.personId,
        moved.copyId,
        copyStep.from,
        copyStep.to,
        `interLibrary:${moved.id} ${school}`,
      );
    } catch (err) {
      await updateInterLibraryRequestIfVersion(
        moved.id,
        moved.version,
        { status: from, ...(step === 'send' ? { copyId: null } : {}) },
        { at: new Date(), status: from, actorId: actor.personId, reason: 'copy_not_ready' },
      );
      throw err;
    }
  }

  private refusal(why: 'not_now' | 'reason_needed', status: InterLibraryStatus) {
    return why === 'reason_needed'
      ? invalid([{ field: 'reason', messageKey: 'interLibrary.errors.reasonNeeded' }])
      : conflict(`interLibrary.errors.now.${status}`);
  }
}
