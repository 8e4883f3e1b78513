/**
 * Notices of inter-library requests, in the app always and by e-mail (Vietnamese, then English)
 * where SMTP is configured and the person has an address, as hold notices are: the lending
 * school's librarians when a request arrives, the reader each time their request moves (sent,
 * ready at their library, refused, cancelled, closed).
 */
import type { InterLibraryRequest } from '../../domain/interLibrary.js';
import { addNotice } from '../../models/notice.js';
import { librariansOf } from '../../models/person.js';
import type { Person } from '../../domain/person.js';
import type { AccountService } from '../accounts.js';
import { bilingualMail } from '../bilingualMail.js';
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

  /** Each librarian of the lending school: a request for one of its titles is waiting to be sent or refused. */
  async arrived(request: InterLibraryRequest): Promise<void> {
    const reader = await this.accounts.person(request.requesterId);
    const params = { ...(await this.paramsOf(request)), reader: reader?.displayName ?? '' };
    for (const librarian of await librariansOf(request.lendingOrgId)) {
      await addNotice(librarian.id, 'interlibrary_arrived', params);
      await this.mail(librarian, 'interLibraryDesk.notice.arrived', params);
    }
  }

  async stepped(request: InterLibraryRequest): Promise<void> {
    const params = await this.paramsOf(request);
    await addNotice(request.requesterId, 'interlibrary', params);
    const person = await this.accounts.person(request.requesterId);
    if (person) await this.mail(person, `interLibrary.notice.${request.status}`, params);
  }

  private async paramsOf(request: InterLibraryRequest): Promise<Record<string, string>> {
    const cards = await this.search.cards([request.resourceId]);
    return {
      status: request.status,
      title: cards.get(request.resourceId)?.title ?? '',
      lendingSchool: this.tree.get(request.lendingOrgId)?.name ?? '',
      borrowingSchool: this.tree.get(request.borrowingOrgId)?.name ?? '',
      reason: request.reason ?? '',
    };
  }

  private async mail(person: Person, body: string, params: Record<string, string>): Promise<void> {
    if (!this.mailer || !person.email) return;
    await this.mailer.send(
      bilingualMail(
        person.email,
        { subject: 'interLibrary.notice.subject', body },
        { ...params, name: person.displayName },
      ),
    );
  }
}
