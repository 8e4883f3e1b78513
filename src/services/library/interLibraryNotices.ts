/**
 * Telling a reader their inter-library request moved (sent, ready at their library, refused,
 * cancelled, closed): a notice in the app, always, and an e-mail in Vietnamese then English where
 * SMTP is configured and the reader has an address, as hold notices do.
 */
import type { InterLibraryRequest } from '../../domain/interLibrary.js';
import { translator } from '../../i18n/index.js';
import { addNotice } from '../../models/notice.js';
import type { AccountService } from '../accounts.js';
import type { Mailer } from '../mailer.js';
import type { OrganisationDirectory } from '../organisationDirectory.js';
import type { SearchService } from '../search.js';
import type { InterLibraryNotifier } from './interLibrary.js';

export class InterLibraryNotices implements InterLibraryNotifier {
  constructor(
    private readonly accounts: AccountService,
    private readonly search: SearchService,
    private readonly tree: OrganisationDirectory,
    private readonly mailer: Mailer | null,
  ) {}

  async stepped(request: InterLibraryRequest): Promise<void> {
    const cards = await this.search.cards([request.resourceId]);
    const params = {
      status: request.status,
      title: cards.get(request.resourceId)?.title ?? '',
      lendingSchool: this.tree.get(request.lendingOrgId)?.name ?? '',
      borrowingSchool: this.tree.get(request.borrowingOrgId)?.name ?? '',
      reason: request.reason ?? '',
    };
    await addNotice(request.requesterId, 'interlibrary', params);
    const person = await this.accounts.person(request.requesterId);
    if (!this.mailer || !person?.email) return;
    const [vi, en] = [translator('vi'), translator('en')];
    const text = (t: typeof vi) => t(`interLibrary.notice.${request.status}`, { ...params, name: person.displayName });
    await this.mailer.send({
      to: person.email,
      subject: `${vi('interLibrary.notice.subject', params)} / ${en('interLibrary.notice.subject', params)}`,
      text: `${text(vi)}\n\n---\n\n${text(en)}\n`,
    });
  }
}
