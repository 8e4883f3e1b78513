/** Named queries over connected portals (./samlIdp.ts): records come out as the domain's `SamlIdp`. */
import type { IdpMetadataFields, IdpSettings, SamlIdp } from '../domain/samlIdp.js';
import { isDuplicateKey } from '../db/errors.js';
import { SamlIdpModel, type SamlIdpRecord } from './samlIdp.js';

const toSamlIdp = ({ _id, ...rest }: SamlIdpRecord): SamlIdp => ({ id: _id, ...rest });

/** Every portal, by name: a handful per installation, so reading them all is cheap. */
export async function allSamlIdps(): Promise<SamlIdp[]> {
  const records = await SamlIdpModel.find().lean<SamlIdpRecord[]>();
  return records.map(toSamlIdp).sort((a, b) => a.name.localeCompare(b.name, 'vi'));
}

export async function findSamlIdp(id: string): Promise<SamlIdp | null> {
  const record = await SamlIdpModel.findById(id).lean<SamlIdpRecord>();
  return record ? toSamlIdp(record) : null;
}

/** False when a portal with this id is connected already. */
export async function insertSamlIdp({ id, ...rest }: SamlIdp): Promise<boolean> {
  if (await SamlIdpModel.exists({ _id: id })) return false;
  try {
    await SamlIdpModel.create({ _id: id, ...rest });
    return true;
  } catch (err) {
    if (isDuplicateKey(err)) return false;
    throw err;
  }
}

export async function updateSamlIdpSettings(id: string, settings: IdpSettings): Promise<SamlIdp | null> {
  const record = await SamlIdpModel.findOneAndUpdate(
    { _id: id },
    { $set: { ...settings, modifiedAt: new Date() } },
    { returnDocument: 'after' },
  ).lean<SamlIdpRecord>();
  return record ? toSamlIdp(record) : null;
}

/** New metadata, fetched or pasted just now: any earlier refresh failure is cleared. */
export async function updateSamlIdpMetadata(id: string, metadata: IdpMetadataFields): Promise<SamlIdp | null> {
  const record = await SamlIdpModel.findOneAndUpdate(
    { _id: id },
    { $set: { ...metadata, metadataFetchedAt: new Date(), metadataError: null } },
    { returnDocument: 'after' },
  ).lean<SamlIdpRecord>();
  return record ? toSamlIdp(record) : null;
}

export async function recordSamlIdpMetadataError(id: string, reason: string): Promise<void> {
  await SamlIdpModel.updateOne({ _id: id }, { $set: { metadataError: reason } });
}

export async function deleteSamlIdp(id: string): Promise<void> {
  await SamlIdpModel.deleteOne({ _id: id });
}
