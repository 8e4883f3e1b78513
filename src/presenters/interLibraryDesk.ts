/**
 * The librarians' inter-library pages and a reader's own list: one row per request with the
 * reader, the other school, the title and the days it was asked and last moved, and the steps the
 * person may take on it now (the domain says which steps follow the status, the policy who may).
 */
import {
  interLibraryStatuses,
  stepsFrom,
  type InterLibraryRequest,
  type InterLibraryStatus,
  type InterLibraryStep,
} from '../domain/interLibrary.js';
import type { OrganisationTree } from '../domain/organisation.js';
import { localDay } from '../domain/schoolCalendar.js';
import type { Translate } from '../i18n/index.js';
import type { Actor } from '../policies/actor.js';
import { canOnInterLibrary } from '../policies/interLibrary.js';
import type { TitleOf } from './loan.js';

export type DeskSide = 'incoming' | 'outgoing';

/** Which steps each page offers: the lender sends, refuses, takes back; the borrower receives, takes back. */
const stepsOnSide: Record<DeskSide, readonly InterLibraryStep[]> = {
  incoming: ['send', 'refuse', 'return'],
  outgoing: ['receive', 'return'],
};

export interface InterLibraryRowView {
  id: string;
  resourceId: string;
  title: string;
  reader: string;
  borrowingSchool: string;
  lendingSchool: string;
  status: { code: InterLibraryStatus; label: string };
  requestedOn: string;
  changedOn: string;
  note: string | null;
  reason: string | null;
  steps: Partial<Record<InterLibraryStep, true>>;
}

export interface RowContext {
  titleOf: TitleOf;
  nameOf: (personId: string) => string;
  tree: OrganisationTree;
  actor: Actor;
  t: Translate;
}

export function presentInterLibraryRow(
  request: InterLibraryRequest,
  offered: readonly InterLibraryStep[],
  { titleOf, nameOf, tree, actor, t }: RowContext,
): InterLibraryRowView {
  const steps = stepsFrom(request.status).filter(
    (s) => offered.includes(s) && canOnInterLibrary(actor, s, request, tree),
  );
  return {
    id: request.id,
    resourceId: request.resourceId,
    title: titleOf(request.resourceId),
    reader: nameOf(request.requesterId),
    borrowingSchool: tree.get(request.borrowingOrgId)?.name ?? '',
    lendingSchool: tree.get(request.lendingOrgId)?.name ?? '',
    status: { code: request.status, label: t(`interLibrary.status.${request.status}`) },
    requestedOn: localDay(request.createdAt),
    changedOn: localDay(request.modifiedAt),
    note: request.note,
    reason: request.reason,
    steps: Object.fromEntries(steps.map((s) => [s, true])),
  };
}

/** The rows of one side of a school's requests, with the steps its librarians may take. */
export function presentDeskRows(requests: readonly InterLibraryRequest[], side: DeskSide, context: RowContext) {
  return requests.map((r) => presentInterLibraryRow(r, stepsOnSide[side], context));
}

/** The status menu of one side: every status with its count, the one shown marked. */
export function presentStatusMenu(
  counts: Record<InterLibraryStatus, number>,
  shown: InterLibraryStatus | undefined,
  t: Translate,
) {
  const total = interLibraryStatuses.reduce((sum, s) => sum + counts[s], 0);
  return [
    { code: '', label: t('interLibraryDesk.all'), count: total, current: !shown },
    ...interLibraryStatuses.map((s) => ({
      code: s,
      label: t(`interLibrary.status.${s}`),
      count: counts[s],
      current: s === shown,
    })),
  ];
}
