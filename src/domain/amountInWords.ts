/**
 * An amount of money in Vietnamese words, as a record writes it under its figures ("Bằng chữ: một
 * trăm hai mươi lăm nghìn đồng"). The reading itself is read-vietnamese-number's; we only choose
 * the usage of official papers: "linh" for a zero ten (một trăm linh năm), "nghìn", and the unit.
 */
import { ReadingConfig, doReadNumber } from 'read-vietnamese-number';

const config = new ReadingConfig();
config.oddText = 'linh';
config.unit = [];

/** The integer amount in words, without the unit ("một triệu không trăm năm mươi nghìn"). */
export function numberInWords(amount: number): string {
  if (!Number.isSafeInteger(amount)) throw new RangeError(`not a whole amount: ${amount}`);
  return doReadNumber(String(amount), config).trim();
}

/** "Một trăm hai mươi lăm nghìn đồng": the amount in đồng, as a sentence starts. */
export function dongInWords(amount: number): string {
  const words = `${numberInWords(amount)} đồng`;
  return words.charAt(0).toLocaleUpperCase('vi') + words.slice(1);
}
