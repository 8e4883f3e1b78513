/** The forms of a copy's page (a status, a withdrawal, an edit), read into the API's shapes. */
import { z } from 'zod';
import { formNumber, formText, orNull } from './fields.js';

const version = z.coerce.number().int().min(1);

export const copyStatusFields = z.object({ status: formText, note: formText, version });

export const withdrawFields = z.object({
  recordMode: formText,
  recordId: formText,
  recordDate: formText,
  recordReason: formText,
  recordDocumentNumber: formText,
  reason: formText,
  note: formText,
  version,
});
export type WithdrawValues = z.output<typeof withdrawFields>;

export const editCopyFields = z.object({
  barcode: formText,
  location: formText,
  price: formText,
  volume: formText,
  note: formText,
  version,
});
export type EditCopyValues = z.output<typeof editCopyFields>;

export function withdrawInputOf(form: WithdrawValues): unknown {
  return {
    record:
      form.recordMode === 'existing'
        ? { id: form.recordId }
        : {
            date: orNull(form.recordDate) ?? undefined,
            reason: orNull(form.recordReason) ?? undefined,
            documentNumber: orNull(form.recordDocumentNumber),
          },
    reason: orNull(form.reason),
    note: orNull(form.note),
  };
}

export const withdrawFieldOf = (path: string) => {
  const [head, sub] = path.split('.');
  return head === 'record'
    ? sub && sub !== 'id'
      ? `record${sub[0]!.toUpperCase()}${sub.slice(1)}`
      : 'recordId'
    : (head ?? '_');
};

export function editCopyInputOf(form: EditCopyValues): unknown {
  return {
    barcode: form.barcode,
    location: form.location,
    price: formNumber(form.price),
    volume: orNull(form.volume),
    note: orNull(form.note),
  };
}
