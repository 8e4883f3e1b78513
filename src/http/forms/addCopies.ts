/** The add-copies form: a count or a range, a new intake batch or an open one, read into the API's shape. */
import { z } from 'zod';
import { formNumber, formText, orNull } from './fields.js';

export const addCopiesFields = z.object({
  orgId: formText,
  collection: formText,
  location: formText,
  numbering: formText,
  count: formText,
  from: formText,
  to: formText,
  batchMode: formText,
  batchId: formText,
  batchDate: formText,
  batchSource: formText,
  batchSupplier: formText,
  batchDocumentNumber: formText,
  batchNote: formText,
  price: formText,
  volume: formText,
  note: formText,
});

export type AddCopiesValues = z.output<typeof addCopiesFields>;

export function addCopiesInputOf(form: AddCopiesValues): unknown {
  return {
    orgId: form.orgId,
    collection: form.collection,
    location: form.location,
    numbering:
      form.numbering === 'range'
        ? { from: orNull(form.from) ?? undefined, to: orNull(form.to) ?? undefined }
        : { count: formNumber(form.count) ?? undefined },
    batch:
      form.batchMode === 'existing'
        ? { id: form.batchId }
        : {
            date: orNull(form.batchDate) ?? undefined,
            source: orNull(form.batchSource) ?? undefined,
            supplier: orNull(form.batchSupplier),
            documentNumber: orNull(form.batchDocumentNumber),
            note: orNull(form.batchNote),
          },
    price: formNumber(form.price),
    volume: orNull(form.volume),
    note: orNull(form.note),
  };
}

/** `batch.date` → `batchDate`, `numbering.count` → `count`: the form field a problem belongs to. */
export function addCopiesFieldOf(path: string): string {
  const [head, sub] = path.split('.');
  if (head === 'numbering') return sub === 'to' ? 'to' : sub === 'count' ? 'count' : 'from';
  if (head === 'batch') return sub && sub !== 'id' ? `batch${sub[0]!.toUpperCase()}${sub.slice(1)}` : 'batchId';
  return head ?? '_';
}

export function emptyAddCopies(orgId: string, today: string): AddCopiesValues {
  return {
    ...Object.fromEntries(Object.keys(addCopiesFields.shape).map((k) => [k, ''])),
    orgId,
    numbering: 'count',
    count: '1',
    batchMode: 'new',
    batchDate: today,
    batchSource: 'purchase',
  } as AddCopiesValues;
}
