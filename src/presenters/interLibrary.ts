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
