/**
 * The life of a resource: created as a draft, submitted, published by a librarian of its
 * organisation, withdrawn, deleted (a tombstone stays for OAI-PMH). Every change is one atomic
 * write of the resource document that also bumps its version, stamps `modifiedAt` (UTC),
 * updates its OAI-PMH state and appends an audit entry; then the change feed tells every instance.
 */
import { Types, type UpdateQuery } from 'mongoose';
import { conflict, DomainError, forbidden, notFound } from '../domain/errors.js';
import {
  nextOaiState,
  type AuditEntry,
  type Resource,
  type ResourceFile,
  type ResourceMetadata,
  type SharingScope,
} from '../domain/resource.js';
import { setElementFields, type ElementChange } from '../db/elements.js';
import { updateIfVersion } from '../db/versioned.js';
import { ResourceModel, toResource, type ResourceRecord } from '../models/resource.js';
import type { Actor } from '../policies/actor.js';
import { canOnResource, type ResourceAction } from '../policies/resource.js';
import { canOnOrganisation } from '../policies/organisation.js';
import { canOnLibrary } from '../policies/library.js';
import type { PrintEdition } from '../domain/printEdition.js';
import type { ChangeFeed } from './changeFeed.js';
import { FollowedRecords } from './followedRecords.js';
import type { PrintEditions, PrintInput } from './library/printEditions.js';
import type { OrganisationDirectory } from './organisationDirectory.js';

export interface ResourceInput {
  metadata: ResourceMetadata;
  scope: SharingScope;
  /** A printed title's edition; on an update, absent leaves it as it is and null removes it. */
  print?: PrintInput | null;
}

export type Transition = 'submit' | 'approve' | 'reject' | 'withdraw';

const transitions: Record<Transition, { to: Resource['status']; action: ResourceAction }> = {
  submit: { to: 'submitted', action: 'submit' },
  approve: { to: 'published', action: 'approve' },
  reject: { to: 'draft', action: 'reject' },
  withdraw: { to: 'withdrawn', action: 'withdraw' },
};

export class ResourceService {
  /** Items being opened (launches, simulations): classes open the same few again and again; a few thousand, each a few kB. */
  private readonly opened = new FollowedRecords<Resource>((id) => this.find(id), 5_000);

  constructor(
    private readonly tree: OrganisationDirectory,
    private readonly changes: ChangeFeed,
    private readonly editions: PrintEditions,
  ) {
    changes.subscribe('resource', this.opened);
  }

  /** Loads a resource the actor may act on; a resource they may not see is "not found". */
  async load(actor: Actor, id: string, action: ResourceAction = 'view'): Promise<Resource> {
    const resource = await this.find(id);
    if (!resource || !canOnResource(actor, 'view', resource, this.tree)) throw notFound('resources.notFound');
    if (!canOnResource(actor, action, resource, this.tree)) throw forbidden();
    return resource;
  }

  async find(id: string): Promise<Resource | null> {
    if (!Types.ObjectId.isValid(id)) return null;
    const record = await ResourceModel.findById(id).lean<ResourceRecord>();
    return record ? toResource(record) : null;
  }

  /** A resource to open, as it was at most one change-feed poll ago (see FollowedRecords); edits read `find`. */
  async findToOpen(id: string): Promise<Resource | null> {
    return Types.ObjectId.isValid(id) ? this.opened.get(id) : null;
  }

  /** A resource being opened, as `findToOpen` has it, if the actor may still do `action` with it; null otherwise. */
  async findToOpenFor(actor: Actor, id: string, action: ResourceAction): Promise<Resource | null> {
    const resource = await this.findToOpen(id);
    return resource && canOnResource(actor, action, resource, this.tree) ? resource : null;
  }

  /** `origin.id`: a harvested record's id, chosen before the write so a retried import finds it instead of duplicating it. */
  async create(
    actor: Actor,
    orgId: string,
    input: ResourceInput,
    origin: { external?: Resource['external']; status?: 'draft' | 'published'; id?: string } = {},
  ): Promise<Resource> {
    if (!this.tree.get(orgId))
      throw new DomainError('validation', 'errors.validation', {}, [
        { field: 'orgId', messageKey: 'resources.unknownOrganisation' },
      ]);
    if (!actor.personId || (!origin.external && !canOnOrganisation(actor, 'createResource', orgId, this.tree)))
      throw forbidden();
    const status = origin.status ?? 'draft';
    // Published at once: only those who would approve it, or a harvest.
    if (status === 'published' && !origin.external && !canOnOrganisation(actor, 'reviewResources', orgId, this.tree))
      throw forbidden();
    if (input.print && !canOnLibrary(actor, 'catalogue', orgId, this.tree)) throw forbidden();
    const print = input.print ? await this.editions.prepare(orgId, input.metadata, input.print) : null;
    const now = new Date();
    const subject = { status, scope: input.scope, external: origin.external ?? null };
    const record = await ResourceModel.create({
      ...(origin.id ? { _id: new Types.ObjectId(origin.id) } : {}),
      orgId: new Types.ObjectId(orgId),
      ownerId: new Types.ObjectId(actor.personId),
      status,
      scope: input.scope,
      metadata: input.metadata,
      print,
      files: [],
      external: origin.external ?? null,
      version: 1,
      createdAt: now,
      modifiedAt: now,
      publishedAt: status === 'published' ? now : null,
      oai: nextOaiState({ state: 'none', datestamp: null }, subject, now, true),
      audit: [
        auditEntry(actor, origin.external ? 'harvested' : 'created', now, null, [
          'metadata',
          'scope',
          ...(print ? ['print'] : []),
        ]),
      ],
    });
    const resource = toResource(record.toObject());
    await this.changes.publish('resource', resource.id);
    return resource;
  }

  async update(actor: Actor, id: string, expectedVersion: number, input: ResourceInput): Promise<Resource> {
    const current = await this.load(actor, id, 'edit');
    const print = await this.nextPrint(actor, current, input);
    const changed = [...changedFields(current, input), ...(print !== undefined ? ['print'] : [])];
    return this.write(
      actor,
      current,
      expectedVersion,
      'edited',
      null,
      { metadata: input.metadata, scope: input.scope, ...(print !== undefined ? { print } : {}) },
      changed,
      changed.length > 0,
    );
  }

  /** The print description after an update: unchanged (undefined), removed (null) or prepared anew. */
  private async nextPrint(
    actor: Actor,
    current: Resource,
    input: ResourceInput,
  ): Promise<PrintEdition | null | undefined> {
    if (input.print === undefined) return undefined;
    const next = input.print === null ? null : await this.editions.prepare(current.orgId, input.metadata, input.print);
    if (JSON.stringify(next) === JSON.stringify(current.print)) return undefined;
    if (!canOnLibrary(actor, 'catalogue', current.orgId, this.tree)) throw forbidden();
    if (next === null && this.editions.hasCopies(current.id)) throw conflict('library.titleHasCopies');
    return next;
  }

  async transition(
    actor: Actor,
    id: string,
    expectedVersion: number,
    transition: Transition,
    note: string | null = null,
  ): Promise<Resource> {
    const { to, action } = transitions[transition];
    const current = await this.load(actor, id, 'view');
    if (!canOnResource(actor, action, current, this.tree)) {
      // Distinguish "not allowed for you" from "not possible in this state" for a clear message.
      const possibleForManager = canOnResource({ ...actor, systemAdmin: true }, action, current, this.tree);
      throw possibleForManager
        ? forbidden()
        : conflict('resources.badTransition', { from: current.status, action: transition });
    }
    const set: Partial<ResourceRecord> = { status: to };
    if (to === 'published') set.publishedAt = current.publishedAt ?? new Date();
    return this.write(actor, current, expectedVersion, transition, note, set, ['status'], false);
  }

  /** Deleting leaves a tombstone: the metadata stays (for the OAI-PMH deleted record and the audit), the files go. */
  async remove(actor: Actor, id: string, expectedVersion: number): Promise<Resource> {
    const current = await this.load(actor, id, 'delete');
    return this.write(actor, current, expectedVersion, 'deleted', null, { status: 'deleted' }, ['status'], false);
  }

  /**
   * A harvested record changed at its source (or came back after being deleted there): its metadata
   * and origin are replaced and it is published again. Only for resources the harvest created.
   */
  async updateHarvested(
    actor: Actor,
    id: string,
    input: ResourceInput,
    external: NonNullable<Resource['external']>,
  ): Promise<Resource> {
    const current = await this.find(id);
    if (!current?.external || current.external.sourceId !== external.sourceId) throw notFound('resources.notFound');
    const set: Partial<ResourceRecord> = {
      metadata: input.metadata,
      scope: input.scope,
      external,
      status: 'published',
      publishedAt: current.publishedAt ?? new Date(),
    };
    return this.write(
      actor,
      current,
      current.version,
      'reharvested',
      null,
      set,
      [...changedFields(current, input), 'external'],
      true,
    );
  }

  /** The source deleted a harvested record: it becomes a tombstone like any deleted resource. */
  async removeHarvested(actor: Actor, id: string, sourceId: string): Promise<Resource | null> {
    const current = await this.find(id);
    if (!current?.external || current.external.sourceId !== sourceId || current.status === 'deleted') return null;
    return this.write(
      actor,
      current,
      current.version,
      'deletedAtSource',
      null,
      { status: 'deleted' },
      ['status'],
      false,
    );
  }

  /**
   * Appends an uploaded file; `version` guards against racing edits like any other change. The
   * other files are not written back (db/elements.ts): their text state may change meanwhile.
   */
  async addFile(actor: Actor, id: string, expectedVersion: number, file: ResourceFile): Promise<Resource> {
    const current = await this.load(actor, id, 'edit');
    return this.write(actor, current, expectedVersion, 'fileAdded', file.name, {}, ['files'], true, {
      field: 'files',
      push: file,
    });
  }

  async removeFile(
    actor: Actor,
    id: string,
    expectedVersion: number,
    fileId: string,
  ): Promise<{ resource: Resource; file: ResourceFile }> {
    const current = await this.load(actor, id, 'edit');
    const file = current.files.find((f) => f.id === fileId);
    if (!file) throw notFound('resources.fileNotFound');
    const resource = await this.write(actor, current, expectedVersion, 'fileRemoved', file.name, {}, ['files'], true, {
      field: 'files',
      pull: fileId,
    });
    return { resource, file };
  }

  /**
   * Background updates that are not a person's edit (text extraction state): no version check and
   * no new version, and only that one file is touched, if the resource still has it; a file added
   * or removed meanwhile stays added or removed (db/elements.ts).
   */
  async setFileTextState(id: string, fileId: string, state: ResourceFile['text']): Promise<void> {
    if (!Types.ObjectId.isValid(id)) return;
    const changed = await setElementFields(ResourceModel, new Types.ObjectId(id), {
      field: 'files',
      set: { id: fileId, values: { text: state } },
    });
    if (changed) await this.changes.publish('resource', id);
  }

  private async write(
    actor: Actor,
    current: Resource,
    expectedVersion: number,
    action: string,
    note: string | null,
    set: Partial<ResourceRecord>,
    fields: string[],
    recordChanged: boolean,
    fileChange?: ElementChange,
  ): Promise<Resource> {
    if (expectedVersion !== current.version) throw conflict('errors.conflict', { current: current.version });
    const now = new Date();
    const after = {
      status: set.status ?? current.status,
      scope: set.scope ?? current.scope,
      external: set.external !== undefined ? set.external : current.external,
    };
    const scopeChanged = set.scope !== undefined && set.scope !== current.scope;
    const oai = nextOaiState(current.oai, after, now, recordChanged || scopeChanged);
    const update: UpdateQuery<ResourceRecord> = {
      $set: { ...set, modifiedAt: now, oai },
      $inc: { version: 1 },
      $push: {
        audit: {
          ...auditEntry(actor, action, now, note, fields),
          actorId: actor.personId ? new Types.ObjectId(actor.personId) : null,
        },
      },
    };
    const updated = await updateIfVersion<ResourceRecord>(
      ResourceModel,
      new Types.ObjectId(current.id),
      expectedVersion,
      update,
      fileChange,
    );
    if (!updated) throw conflict();
    await this.changes.publish('resource', current.id);
    return toResource(updated);
  }
}

function auditEntry(actor: Actor, action: string, at: Date, note: string | null, fields: string[]): AuditEntry {
  return { at, actorId: actor.personId, action, note, fields };
}

function changedFields(current: Resource, input: ResourceInput): string[] {
  const fields = (Object.keys(input.metadata) as (keyof ResourceMetadata)[])
    .filter((k) => JSON.stringify(current.metadata[k] ?? null) !== JSON.stringify(input.metadata[k] ?? null))
    .map((k) => `metadata.${k}`);
  return current.scope === input.scope ? fields : [...fields, 'scope'];
}
