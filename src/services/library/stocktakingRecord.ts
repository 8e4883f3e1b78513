/** The printable stocktaking record (biên bản kiểm kê) of a session, as an A4 PDF and as XLSX. */
import type { Language } from '../../i18n/index.js';
import type { Actor } from '../../policies/actor.js';
import { stocktakingRecord } from '../../presenters/stocktakingRecord.js';
import type { OrganisationDirectory } from '../organisationDirectory.js';
import type { SearchService } from '../search.js';
import type { RecordDocument } from '../../presenters/recordDocument.js';
import { recordDocumentPdf } from '../render/recordDocumentPdf.js';
import { recordDocumentXlsx } from '../render/recordDocumentXlsx.js';
import type { LibrarySettingsService } from './settings.js';
import type { StocktakingService } from './stocktaking.js';

export class StocktakingRecordService {
  constructor(
    private readonly tree: OrganisationDirectory,
    private readonly sessions: StocktakingService,
    private readonly settings: LibrarySettingsService,
    private readonly search: SearchService,
  ) {}

  async pdf(actor: Actor, sessionId: string, lang: Language): Promise<Buffer> {
    return recordDocumentPdf(await this.document(actor, sessionId, lang));
  }

  async xlsx(actor: Actor, sessionId: string, lang: Language): Promise<Buffer> {
    return recordDocumentXlsx(await this.document(actor, sessionId, lang));
  }

  private async document(actor: Actor, sessionId: string, lang: Language): Promise<RecordDocument> {
    const { session, result } = await this.sessions.result(actor, sessionId);
    const school = this.tree.get(session.orgId)!;
    const ids = [...new Set(result.missing.map((c) => c.resourceId))];
    const [settings, cards] = await Promise.all([this.settings.settingsOf(session.orgId), this.search.cards(ids)]);
    const parent = school.parentId ? (this.tree.get(school.parentId) ?? null) : null;
    return stocktakingRecord(
      { session, result, school, parent, settings, titleOf: (id) => cards.get(id)?.title ?? '', now: new Date() },
      lang,
    );
  }
}
