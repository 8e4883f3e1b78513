/**
 * Each school's circulation settings (loan rules, calendar, holds, fines), one document per school, `_id` the school's
 * id.
 */
import { Schema, Types, model } from 'mongoose';
import { defaultCirculationSettings, type CirculationSettings } from '../domain/loanRules.js';
import { insertedFirst } from '../db/errors.js';
import { updateIfVersion } from '../db/versioned.js';
import { schemaVersionField } from './schemaVersion.js';

type Stored = Omit<CirculationSettings, 'orgId'>;

interface CirculationSettingsRecord extends Stored {
  _id: Types.ObjectId;
  modifiedAt: Date;
  modifiedBy: Types.ObjectId | null;
}

const rule = new Schema(
  {
    patronType: { type: String, required: true },
    collectionCode: { type: String, required: true },
    maxItems: Number,
    loanDays: Number,
    renewals: Number,
    wholeSchoolYear: Boolean,
  },
  { _id: false },
);
const closure = new Schema({ from: String, to: String, name: String }, { _id: false });

export const CirculationSettingsModel = model<CirculationSettingsRecord>(
  'CirculationSettings',
  new Schema<CirculationSettingsRecord>(
    {
      rules: { type: [rule], default: [] },
      calendar: {
        type: new Schema(
          { closedWeekdays: [Number], closures: { type: [closure], default: [] }, schoolYearEnds: String },
          { _id: false },
        ),
        required: true,
      },
      holdPickupDays: { type: Number, required: true },
      maxHolds: { type: Number, required: true },
      lossPolicy: { type: String, required: true },
      fines: {
        type: new Schema({ enabled: Boolean, perDay: Number, countDays: String }, { _id: false }),
        required: true,
      },
      version: { type: Number, required: true },
      modifiedAt: { type: Date, required: true },
      modifiedBy: { type: Schema.Types.ObjectId, default: null },
      ...schemaVersionField,
    },
    { versionKey: false, collection: 'circulationsettings' },
  ),
);

/** The school's circulation settings, or the defaults (version 0) when it never saved any. */
export async function circulationSettingsOf(orgId: string): Promise<CirculationSettings> {
  const r = await CirculationSettingsModel.findById(orgId).lean<CirculationSettingsRecord>();
  if (!r) return defaultCirculationSettings(orgId);
  return {
    orgId,
    rules: r.rules,
    calendar: { ...r.calendar, closures: r.calendar.closures ?? [] },
    holdPickupDays: r.holdPickupDays,
    maxHolds: r.maxHolds,
    lossPolicy: r.lossPolicy,
    // Settings saved before the choice existed count calendar days, as they always did.
    fines: { enabled: r.fines.enabled, perDay: r.fines.perDay, countDays: r.fines.countDays ?? 'calendar' },
    version: r.version,
  };
}

/** Saves settings based on `expectedVersion` (0: the defaults); false when someone saved in between. */
export async function saveCirculationSettings(
  settings: CirculationSettings,
  expectedVersion: number,
  actorId: string | null,
): Promise<boolean> {
  const { orgId, version: _version, ...stored } = settings;
  const fields = { ...stored, modifiedAt: new Date(), modifiedBy: actorId ? new Types.ObjectId(actorId) : null };
  const _id = new Types.ObjectId(orgId);
  if (expectedVersion === 0)
    return insertedFirst(() => CirculationSettingsModel.create({ _id, ...fields, version: 1 }));
  const updated = await updateIfVersion(CirculationSettingsModel, _id, expectedVersion, {
    $set: fields,
    $inc: { version: 1 },
  });
  return updated !== null;
}
