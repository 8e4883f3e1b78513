/**
 * Library cards, two small documents per card in `librarycards`, each found by `_id`: the number
 * (`n|{orgId}|{NUMBER}` → the person: what a scan at the desk reads) and the person
 * (`p|{orgId}|{personId}` → the number: what their page and the card sheet read). Issuing claims
 * the number first, then the person; of two desks issuing a card to one person at once, one claim
 * of the person wins and the other number is taken back (a gap in the sequence, never a duplicate).
 */
import { Schema, Types, model } from 'mongoose';
import { normaliseCardNumber, type LibraryCard } from '../domain/libraryCard.js';
import { insertedFirst } from '../db/errors.js';
import { deleteIfUnchanged } from '../db/versioned.js';

interface LibraryCardRecord {
  _id: string;
  orgId: Types.ObjectId;
  personId: Types.ObjectId;
  number: string;
  issuedAt: Date;
}

export const LibraryCardModel = model<LibraryCardRecord>(
  'LibraryCard',
  new Schema<LibraryCardRecord>(
    {
      _id: { type: String, required: true },
      orgId: { type: Schema.Types.ObjectId, required: true },
      personId: { type: Schema.Types.ObjectId, required: true },
      number: { type: String, required: true },
      issuedAt: { type: Date, required: true },
    },
    { versionKey: false, collection: 'librarycards' },
  ),
);

const numberKey = (orgId: string, number: string) => `n|${orgId}|${normaliseCardNumber(number)}`;
const personKey = (orgId: string, personId: string) => `p|${orgId}|${personId}`;

const toCard = (r: LibraryCardRecord): LibraryCard => ({
  orgId: r.orgId.toHexString(),
  personId: r.personId.toHexString(),
  number: r.number,
  issuedAt: r.issuedAt,
});

export async function cardByNumber(orgId: string, number: string): Promise<LibraryCard | null> {
  const r = await LibraryCardModel.findById(numberKey(orgId, number)).lean<LibraryCardRecord>();
  return r ? toCard(r) : null;
}

export async function cardOfPerson(orgId: string, personId: string): Promise<LibraryCard | null> {
  const r = await LibraryCardModel.findById(personKey(orgId, personId)).lean<LibraryCardRecord>();
  return r ? toCard(r) : null;
}

/** The cards of many people of a school (a class's card sheet), by `_id`. */
export async function cardsOfPeople(orgId: string, personIds: readonly string[]): Promise<LibraryCard[]> {
  const records = await LibraryCardModel.find({ _id: { $in: personIds.map((p) => personKey(orgId, p)) } }).lean<
    LibraryCardRecord[]
  >();
  return records.map(toCard);
}

/** Claims `card` for its person; false when the number or the person has a card already (nothing stays). */
export async function claimCard(card: LibraryCard): Promise<boolean> {
  const fields = {
    orgId: new Types.ObjectId(card.orgId),
    personId: new Types.ObjectId(card.personId),
    number: card.number,
    issuedAt: card.issuedAt,
  };
  const byNumber = numberKey(card.orgId, card.number);
  if (!(await insertedFirst(() => LibraryCardModel.create({ _id: byNumber, ...fields })))) return false;
  if (await insertedFirst(() => LibraryCardModel.create({ _id: personKey(card.orgId, card.personId), ...fields })))
    return true;
  await deleteIfUnchanged(LibraryCardModel, byNumber, { personId: fields.personId });
  return false;
}
