/**
 * Named queries over resources and their extracted text that services outside the resource
 * service need (the documents are defined in ./resource.ts).
 */
import { ResourceModel, ResourceTextModel, textId, type ResourceTextRecord } from './resource.js';
import { toDatabaseId } from './ids.js';

/** Whether any resource belongs to this organisation (one that has some cannot be deleted). */
export async function anyResourceIn(orgId: string): Promise<boolean> {
  return (await ResourceModel.exists({ orgId: toDatabaseId(orgId) })) !== null;
}

/** The text extracted from one file of a resource, for the search index. */
export async function saveResourceText(resourceId: string, fileId: string, text: string): Promise<void> {
  await ResourceTextModel.updateOne(
    { _id: textId(resourceId, fileId) },
    { $set: { resourceId: toDatabaseId(resourceId), text, extractedAt: new Date() } },
    { upsert: true },
  );
}

export async function deleteResourceText(resourceId: string, fileId: string): Promise<void> {
  await ResourceTextModel.deleteOne({ _id: textId(resourceId, fileId) });
}

/** One file's extracted text (`id` from `textId`), with the resource it belongs to. */
export async function findResourceText(id: string): Promise<{ resourceId: string; text: string } | null> {
  const record = await ResourceTextModel.findById(id).lean<ResourceTextRecord>();
  return record ? { resourceId: record.resourceId.toHexString(), text: record.text } : null;
}
