/**
 * Inter-library requests (mượn liên thư viện): a reader of one school asks for a printed title held
 * by another school of the province. The lending school's librarian sends a copy (it travels:
 * `in_transit`), the borrowing school's librarian receives it and hands it to the reader (the copy
 * is on loan at the borrowing school), and the copy coming back closes the request. The lender may
 * refuse, and the reader or their librarian may cancel, while nothing has been sent; both say why.
 * Each step happens once: it is written only on the version it was decided on.
 */

export type InterLibraryStatus = 'requested' | 'sent' | 'received' | 'returned' | 'refused' | 'cancelled';
export const interLibraryStatuses: readonly InterLibraryStatus[] = [
  'requested',
  'sent',
  'received',
  'returned',
  'refused',
  'cancelled',
];
export const openInterLibraryStatuses: readonly InterLibraryStatus[] = ['requested', 'sent', 'received'];

export type InterLibraryStep = 'send' | 'receive' | 'return' | 'refuse' | 'cancel';
export const interLibrarySteps: readonly InterLibraryStep[] = ['send', 'receive', 'return', 'refuse', 'cancel'];

/** Who takes a step: the lending school's librarians, the borrowing school's, or the reader who asked. */
export type InterLibraryParty = 'lender' | 'borrower' | 'requester';

interface StepRule {
  from: InterLibraryStatus;
  to: InterLibraryStatus;
  by: readonly InterLibraryParty[];
  /** A refusal or a cancellation says why. */
  needsReason: boolean;
}

export const stepRules: Readonly<Record<InterLibraryStep, StepRule>> = {
  send: { from: 'requested', to: 'sent', by: ['lender'], needsReason: false },
  refuse: { from: 'requested', to: 'refused', by: ['lender'], needsReason: true },
  cancel: { from: 'requested', to: 'cancelled', by: ['requester', 'borrower'], needsReason: true },
  receive: { from: 'sent', to: 'received', by: ['borrower'], needsReason: false },
  return: { from: 'received', to: 'returned', by: ['lender', 'borrower'], needsReason: false },
};

export interface InterLibraryEvent {
  at: Date;
  status: InterLibraryStatus;
  actorId: string | null;
  reason: string | null;
}

export interface InterLibraryRequest {
  id: string;
  /** The printed title asked for. */
  resourceId: string;
  requesterId: string;
  /** The reader's school, where the copy is lent to them. */
  borrowingOrgId: string;
  /** The school asked, which owns the copy. */
  lendingOrgId: string;
  status: InterLibraryStatus;
  /** The copy sent, once sent. */
  copyId: string | null;
  /** Why it was refused or cancelled. */
  reason: string | null;
  note: string | null;
  history: InterLibraryEvent[];
  createdAt: Date;
  modifiedAt: Date;
  version: number;
}

export type StepAnswer =
  { ok: true; to: InterLibraryStatus } | { ok: false; why: 'not_now' | 'reason_needed'; status: InterLibraryStatus };

/** Whether `step` may follow the request's status now, and to which status it leads. */
export function nextStatus(current: InterLibraryStatus, step: InterLibraryStep, reason: string | null): StepAnswer {
  const rule = stepRules[step];
  if (rule.from !== current) return { ok: false, why: 'not_now', status: current };
  if (rule.needsReason && !reason?.trim()) return { ok: false, why: 'reason_needed', status: current };
  return { ok: true, to: rule.to };
}

/** The parties who may take `step`. */
export const partiesOf = (step: InterLibraryStep): readonly InterLibraryParty[] => stepRules[step].by;

export function isOpen(status: InterLibraryStatus): boolean {
  return openInterLibraryStatuses.includes(status);
}

/** The steps a request's status allows next (what its page offers, before asking who may). */
export function stepsFrom(status: InterLibraryStatus): InterLibraryStep[] {
  return interLibrarySteps.filter((s) => stepRules[s].from === status);
}

/** Where a page of a school's requests starts or ends: a request's creation time and id (newest first). */
export interface RequestCursor {
  at: Date;
  id: string;
}
export const requestCursorText = (r: { createdAt: Date; id: string }) => `${r.createdAt.getTime()}.${r.id}`;
export const requestCursorPattern = /^\d{1,15}\.[0-9a-f]{24}$/;
export function requestCursorOf(text: string): RequestCursor {
  const [ms, id] = text.split('.');
  return { at: new Date(Number(ms)), id: id! };
}

export interface RequestPage {
  requests: InterLibraryRequest[];
  /** Older requests after the last one shown; newer ones before the first. */
  hasOlder: boolean;
  hasNewer: boolean;
}
