/** The file formats whole catalogue records are imported from and exported to. To add one, add its plugin here. */
import type { RecordFormat } from '../domain/catalogueRecord.js';
import { marcIso2709 } from '../../plugins/records/marc/iso2709.js';
import { marcXml } from '../../plugins/records/marc/marcXml.js';

export const recordFormats: readonly RecordFormat[] = [marcIso2709, marcXml];

export const recordFormat = (id: string) => recordFormats.find((f) => f.id === id);

/** The format a file is in: by its name's extension, else by its first bytes. */
export function formatOfFile(filename: string, head: Buffer): RecordFormat | undefined {
  const extension = /\.([a-z0-9]+)$/i.exec(filename)?.[1]?.toLowerCase();
  return (
    recordFormats.find((f) => extension && f.extensions.includes(extension)) ?? recordFormats.find((f) => f.sniff(head))
  );
}
