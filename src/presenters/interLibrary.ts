/** What leaves the server about an inter-library request: codes with labels, school names, the title. */
import type { InterLibraryRequest } from '../domain/interLibrary.js';
import type { OrganisationTree } from '../domain/organisation.js';
import { translator, type Language } from '../i18n/index.js';
import type { TitleOf } from './loan.js';

export interface InterLibraryView {
  id: string;
  resourceId: string;
  title: string;
  requesterId: string;
  borrowingSchool: { id: string; name: string };
  lendingSchool: { id: string; name: string };
  status: { code: string; label: string };
  copyId: string | null;
  reason: string | null;
  note: string | null;
  createdAt: string;
  modifiedAt: string;
  version: number;
}

export function presentInterLibraryRequest(
  request: InterLibraryRequest,
  titleOf: TitleOf,
  tree: OrganisationTree,
  lang: Language,
): InterLibraryView {
  const school = (id: string) => ({ id, name: tree.get(id)?.name ?? '' });
  return {
    id: request.id,
    resourceId: request.resourceId,
    title: titleOf(request.resourceId),
    requesterId: request.requesterId,
    borrowingSchool: school(request.borrowingOrgId),
    lendingSchool: school(request.lendingOrgId),
    status: { code: request.status, label: translator(lang)(`interLibrary.status.${request.status}`) },
    copyId: request.copyId,
    reason: request.reason,
    note: request.note,
    createdAt: request.createdAt.toISOString(),
    modifiedAt: request.modifiedAt.toISOString(),
    version: request.version,
  };
}

/** The title page's inter-library panel: the reader's request and its status, or the schools to ask. */
export function presentInterLibraryPanel(
  panel: { latest: InterLibraryRequest | null; borrowingOrgId: string | null; lenders: readonly string[] },
  resourceId: string,
  tree: OrganisationTree,
  lang: Language,
) {
  const t = translator(lang);
  const latest = panel.latest
    ? {
        status: t(`interLibrary.status.${panel.latest.status}`),
        lendingSchool: tree.get(panel.latest.lendingOrgId)?.name ?? '',
        reason: panel.latest.reason,
      }
    : null;
  const lenders = panel.lenders.map((id) => ({ id, name: tree.get(id)?.name ?? '' }));
  if (!latest && !lenders.length) return null;
  return { resourceId, borrowingOrgId: panel.borrowingOrgId, latest, lenders };
}
