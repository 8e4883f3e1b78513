/**
 * Telling a reader their held copy is waiting: a notice in the app, always, and an e-mail (in
 * Vietnamese, then English) where SMTP is configured and the reader has an address.
 */
import type { Hold } from '../../domain/loan.js';
import { addNotice } from '../../models/notice.js';
import type { AccountService } from '../accounts.js';
import { bilingualMail } from '../bilingualMail.js';
import type { Mailer } from '../mailer.js';
import type { OrganisationDirectory } from '../organisationDirectory.js';
import type { SearchService } from '../search.js';
import type { HoldNotifier } from './holds.js';

export class HoldNotices implements HoldNotifier {
  constructor(
    private readonly accounts: AccountService,
    private readonly search: SearchService,
    private readonly tree: OrganisationDirectory,
    private readonly mailer: Mailer | null,
  ) {}

  async holdReady(hold: Hold): Promise<void> {
    const cards = await this.search.cards([hold.resourceId]);
    const params = {
      title: cards.get(hold.resourceId)?.title ?? '',
      school: this.tree.get(hold.orgId)?.name ?? '',
      pickupBy: hold.pickupBy ?? '',
    };
    await addNotice(hold.patronId, 'hold_ready', params);
    const person = await this.accounts.person(hold.patronId);
    if (!this.mailer || !person?.email) return;
    await this.mailer.send(
      bilingualMail(
        person.email,
        { subject: 'desk.notice.holdReadySubject', body: 'desk.notice.hold_ready' },
        { ...params, name: person.displayName },
      ),
    );
  }
}
