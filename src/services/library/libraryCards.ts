/**
 * Printable library cards: an A4 sheet of ten ID-1 sized cards (85.6 × 54 mm, 2 × 5), each with the
 * school's name, the reader's name and patron type, and the card number as a Code 128 barcode the
 * desk scanner reads. Drawn by the label sheet renderer (src/services/render/labelSheetPdf.ts);
 * readers without a card get one with the school's next number as the sheet is made.
 */
import { invalid, notFound } from '../../domain/errors.js';
import type { LabelSheet } from '../../domain/labelSheet.js';
import { translator, type Language } from '../../i18n/index.js';
import { peopleOf } from '../../models/person.js';
import type { Actor } from '../../policies/actor.js';
import { compareVietnamese } from '../../search/text.js';
import type { OrganisationDirectory } from '../organisationDirectory.js';
import { labelSheetPdf, type LabelContent } from '../render/labelSheetPdf.js';
import { patronOf, type PatronService } from './patrons.js';

export const MAX_CARDS = 500;

/** A4, 2 × 5 cards of the ID-1 size, 4 mm apart, centred on the page. */
export const cardSheet: LabelSheet = {
  code: 'a4-cards-2x5',
  name: { vi: 'A4, 2 × 5 thẻ 85,6 × 54 mm', en: 'A4, 2 × 5 cards of 85.6 × 54 mm' },
  page: { width: 210, height: 297 },
  columns: 2,
  rows: 5,
  label: { width: 85.6, height: 54 },
  margin: { top: 8.5, left: 17.4 },
  pitch: { x: 89.6, y: 56 },
};

export class LibraryCardService {
  constructor(
    private readonly tree: OrganisationDirectory,
    private readonly patrons: PatronService,
  ) {}

  /** The PDF of the cards of the school's patrons (all of them, or those named), in name order. */
  async sheet(actor: Actor, orgId: string, personIds: readonly string[] | null, lang: Language) {
    this.patrons.requireDesk(actor, orgId);
    const school = this.tree.get(orgId);
    if (!school) throw notFound();
    const wanted = personIds ? new Set(personIds) : null;
    const readers = (await peopleOf(orgId))
      .filter((p) => !wanted || wanted.has(p.id))
      .map((p) => patronOf(p, orgId))
      .filter((p) => p !== null)
      .sort((a, b) => compareVietnamese(a.displayName, b.displayName));
    if (!readers.length) throw notFound('desk.patronNotFound');
    if (readers.length > MAX_CARDS)
      throw invalid([{ field: 'people', messageKey: 'desk.cards.tooMany', params: { max: MAX_CARDS } }]);
    const t = translator(lang);
    const labels: LabelContent[] = [];
    for (const reader of readers) {
      const card = await this.patrons.cardOf(actor, orgId, reader.id);
      labels.push({
        top: [
          { text: school.name, height: 0.1, bold: true },
          { text: t('desk.cards.heading'), height: 0.08 },
          { text: reader.displayName, height: 0.12, bold: true },
          { text: t(`desk.patronType.${reader.type}`), height: 0.08 },
        ],
        barcode: card.number,
        bottom: [{ text: card.number, height: 0.09 }],
      });
    }
    return { pdf: await labelSheetPdf(cardSheet, labels, 1, t('desk.cards.title')), count: labels.length };
  }
}
