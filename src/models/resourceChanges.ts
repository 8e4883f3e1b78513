/**
 * The resource service's reads and writes as named queries: a resource comes in and goes out as the
 * domain's `Resource` (string ids); a change is given as the fields it sets, its OAI-PMH state and
 * its audit entry, and written here as one versioned update of the stored document.
 */
import type { UpdateQuery } from 'mongoose';
import { setElementFields, type ElementChange } from '../db/elements.js';
import { readAll } from '../db/readAll.js';
import { updateIfVersion, updateManyIfVersion } from '../db/versioned.js';
import type { AuditEntry, OaiState, Resource, ResourceFile } from '../domain/resource.js';
import { isDatabaseId, newDatabaseId, toDatabaseId, toDatabaseIdOrNull } from './ids.js';
import { addTitleKeys } from './titleKeys.js';
import { insertResources, ResourceModel, toResource, type ResourceRecord } from './resource.js';

/** A change to one file of a resource's list, made with the update (src/db/elements.ts). */
export type ResourceFileChange = ElementChange;

/** A resource not stored yet: everything but its id (which the database gives, or a harvest chose). */
export type NewResource = Omit<Resource, 'id'>;

/** What one change sets besides the version, the modification time, the OAI-PMH state and the audit. */
export type ResourceFields = Partial<Pick<Resource, 'status' | 'scope' | 'metadata' | 'print' | 'external'>> & {
  publishedAt?: Date | null;
};

export interface ResourceChange {
  set: ResourceFields;
  modifiedAt: Date;
  oai: OaiState;
  audit: AuditEntry;
}

/** A change that applies only while the stored version is still `expected`. */
export interface VersionedResourceChange {
  id: string;
  expected: number;
  change: ResourceChange;
}

const toAuditRecord = (entry: AuditEntry) => ({ ...entry, actorId: toDatabaseIdOrNull(entry.actorId) });

const toRecord = (resource: NewResource) => ({
  ...resource,
  orgId: toDatabaseId(resource.orgId),
  ownerId: toDatabaseId(resource.ownerId),
  audit: resource.audit.map(toAuditRecord),
});

const toUpdate = ({ set, modifiedAt, oai, audit }: ResourceChange): UpdateQuery<ResourceRecord> => ({
  $set: { ...set, modifiedAt, oai },
  $inc: { version: 1 },
  $push: { audit: toAuditRecord(audit) },
});

/** A resource by id; null for one that does not exist or an id that cannot be one. */
export async function findResource(id: string): Promise<Resource | null> {
  if (!isDatabaseId(id)) return null;
  const record = await ResourceModel.findById(id).lean<ResourceRecord>();
  return record ? toResource(record) : null;
}

/** Many resources by id, a few reads at once; those not found are absent from the map. */
export async function findResources(ids: readonly string[]): Promise<Map<string, Resource>> {
  const found = await readAll(ids.filter(isDatabaseId), (id) => ResourceModel.findById(id).lean<ResourceRecord>());
  return new Map(found.flatMap(({ key, record }) => (record ? [[key, toResource(record)] as const] : [])));
}

/** The lookup keys of the printed titles among these (src/models/titleKeys.ts): written before them. */
function keyPrintedTitles(resources: readonly Pick<Resource, 'id' | 'orgId' | 'status' | 'metadata' | 'print'>[]) {
  return addTitleKeys(
    resources.flatMap((r) =>
      r.print && r.status !== 'deleted'
        ? [{ id: r.id, orgId: r.orgId, title: r.metadata.title, isbns: r.print.isbns.map((i) => i.value) }]
        : [],
    ),
  );
}

export async function insertResource(resource: NewResource): Promise<Resource> {
  const id = newDatabaseId();
  await keyPrintedTitles([{ ...resource, id }]);
  const record = await ResourceModel.create({ _id: toDatabaseId(id), ...toRecord(resource) });
  return toResource(record.toObject());
}

/** New resources in one insert, with the ids the caller chose; returns the ids already taken. */
export async function insertResourcesWithIds(resources: readonly (NewResource & { id: string })[]): Promise<string[]> {
  await keyPrintedTitles(resources);
  return insertResources(resources.map(({ id, ...resource }) => ({ _id: toDatabaseId(id), ...toRecord(resource) })));
}

/** One change, if the resource is still at `expected`; null when it is not (someone changed it meanwhile). */
export async function updateResourceIfVersion(
  id: string,
  expected: number,
  change: ResourceChange,
  fileChange?: ElementChange,
): Promise<Resource | null> {
  const updated = await updateIfVersion<ResourceRecord>(
    ResourceModel,
    toDatabaseId(id),
    expected,
    toUpdate(change),
    fileChange,
  );
  if (!updated) return null;
  const resource = toResource(updated);
  // After the change (its keys depend on the stored title): an edit's new ISBN or title is found from now on.
  if (change.set.print !== undefined || change.set.metadata) await keyPrintedTitles([resource]);
  return resource;
}

/**
 * Many changes in one bulk write; returns the ids of those whose resource was no longer at its version.
 * A change that sets a printed edition keys the title again (read back: the keys need its school);
 * harvests, the bulk writer, change resources that are not printed titles.
 */
export async function updateResourcesIfVersion(changes: readonly VersionedResourceChange[]): Promise<string[]> {
  const notWritten = await updateManyIfVersion<ResourceRecord>(
    ResourceModel,
    changes.map(({ id, expected, change }) => ({ id: toDatabaseId(id), expected, update: toUpdate(change) })),
  );
  const reprinted = changes.filter((c) => c.change.set.print && !notWritten.includes(c.id)).map((c) => c.id);
  if (reprinted.length) await keyPrintedTitles([...(await findResources(reprinted)).values()]);
  return notWritten;
}

/** One file's text-extraction state, if the resource still has that file; whether it did. */
export async function setResourceFileText(id: string, fileId: string, state: ResourceFile['text']): Promise<boolean> {
  if (!isDatabaseId(id)) return false;
  return setElementFields(ResourceModel, toDatabaseId(id), {
    field: 'files',
    set: { id: fileId, values: { text: state } },
  });
}
