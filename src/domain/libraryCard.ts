/**
 * Library cards (thẻ thư viện): one per patron per school, its number given from the school's own
 * running sequence (TV000001, TV000002…) and printed as a Code 128 barcode the desk scanner reads.
 */
import { normaliseLabel } from './accession.js';

export interface LibraryCard {
  orgId: string;
  personId: string;
  /** The card number, also its barcode. */
  number: string;
  issuedAt: Date;
}

export const CARD_PREFIX = 'TV';
const CARD_WIDTH = 6;

export const cardNumber = (seq: number) => `${CARD_PREFIX}${String(seq).padStart(CARD_WIDTH, '0')}`;

/** A scanned or typed card number as it is stored (scanners and people differ in case and spaces). */
export const normaliseCardNumber = (text: string) => normaliseLabel(text).replace(/\s/g, '');
