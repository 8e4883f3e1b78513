/** The columns a school's spreadsheets use, remembered from its last import (`_id` = the school's id). */
import { Schema, model } from 'mongoose';

interface MappingRecord {
  _id: string;
  columns: Record<string, string>;
  modifiedAt: Date;
}

export const ImportMappingModel = model<MappingRecord>(
  'ImportMapping',
  new Schema<MappingRecord>(
    {
      _id: { type: String, required: true },
      columns: { type: Schema.Types.Mixed, required: true },
      modifiedAt: { type: Date, required: true },
    },
    { versionKey: false, collection: 'importmappings' },
  ),
);

export async function rememberedColumns(orgId: string): Promise<Record<string, string>> {
  return (await ImportMappingModel.findById(orgId).lean<MappingRecord>())?.columns ?? {};
}

export async function rememberColumns(orgId: string, columns: Record<string, string>): Promise<void> {
  await ImportMappingModel.updateOne({ _id: orgId }, { $set: { columns, modifiedAt: new Date() } }, { upsert: true });
}
