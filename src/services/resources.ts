/**
 * The life of a resource: created as a draft, submitted, published by a librarian of its
 * organisation, withdrawn, deleted (a tombstone stays for OAI-PMH). Every change is one atomic
 * write of the resource document that also bumps its version, stamps `modifiedAt` (UTC),
 * updates its OAI-PMH state and appends an audit entry; then the change feed tells every instance.
 */
import { conflict, DomainError, forbidden, notFound } from '../domain/errors.js';
import {
  nextOaiState,
  type AuditEntry,
  type Resource,
  type ResourceFile,
  type ResourceMetadata,
  type SharingScope,
} from '../domain/resource.js';
import {
  findResource,
  findResources,
  insertResource,
  insertResourcesWithIds,
  setResourceFileText,
  updateResourceIfVersion,
  updateResourcesIfVersion,
  type NewResource,
  type ResourceChange,
  type ResourceFields,
  type ResourceFileChange,
  type VersionedResourceChange,
} from '../models/resourceChanges.js';
import { isDatabaseId } from '../models/ids.js';
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
  /**
   * Items being opened (launches, simulations): classes open the same few again and again; a few
   * thousand, each a few kB.
   */
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

  find(id: string): Promise<Resource | null> {
    return findResource(id);
  }

  /** A resource to open, as it was at most one change-feed poll ago (see FollowedRecords); edits read `find`. */
  async findToOpen(id: string): Promise<Resource | null> {
    return isDatabaseId(id) ? this.opened.get(id) : null;
  }

  /** A resource being opened, as `findToOpen` has it, if the actor may still do `action` with it; null otherwise. */
  async findToOpenFor(actor: Actor, id: string, action: ResourceAction): Promise<Resource | null> {
    const resource = await this.findToOpen(id);
    return resource && canOnResource(actor, action, resource, this.tree) ? resource : null;
  }

  /** `origin.status`: published at once, only by those who would approve it (a title a librarian catalogues). */
  async create(
    actor: Actor,
    orgId: string,
    input: ResourceInput,
    origin: { status?: 'draft' | 'published' } = {},
  ): Promise<Resource> {
    this.checkOrganisation(orgId);
    if (!actor.personId || !canOnOrganisation(actor, 'createResource', orgId, this.tree)) throw forbidden();
    if (origin.status === 'published' && !canOnOrganisation(actor, 'reviewResources', orgId, this.tree))
      throw forbidden();
    if (input.print && !canOnLibrary(actor, 'catalogue', orgId, this.tree)) throw forbidden();
    const print = input.print ? await this.editions.prepare(orgId, input.metadata, input.print) : null;
    const resource = await insertResource(newResource(actor, orgId, input, origin, new Date(), print));
    await this.changes.publish('resource', resource.id);
    return resource;
  }

  /**
   * Printed titles a librarian catalogues in bulk (an import step), each as `create` would with
   * `status: 'published'`, under ids the caller chose: one insert, one change-feed entry. An input
   * whose printed edition is refused gets its error in the result and the others are written; an
   * id already taken (written before a crash) counts as written.
   */
  async createPrintedMany(
    actor: Actor,
    orgId: string,
    inputs: readonly { id: string; input: ResourceInput & { print: PrintInput } }[],
  ): Promise<Map<string, Resource | DomainError>> {
    this.checkOrganisation(orgId);
    if (!actor.personId || !canOnOrganisation(actor, 'reviewResources', orgId, this.tree)) throw forbidden();
    if (!canOnOrganisation(actor, 'createResource', orgId, this.tree)) throw forbidden();
    if (!canOnLibrary(actor, 'catalogue', orgId, this.tree)) throw forbidden();
    const now = new Date();
    const results = new Map<string, Resource | DomainError>();
    const prepared: (NewResource & { id: string })[] = [];
    const rule = await this.editions.authorMarkRule(orgId);
    for (const { id, input } of inputs) {
      try {
        const print = await this.editions.prepare(orgId, input.metadata, input.print, rule);
        prepared.push({ id, ...newResource(actor, orgId, input, { status: 'published' }, now, print) });
      } catch (err) {
        if (!(err instanceof DomainError)) throw err;
        results.set(id, err);
      }
    }
    await insertResourcesWithIds(prepared);
    for (const resource of prepared) results.set(resource.id, resource);
    await this.changes.publishMany(
      'resource',
      prepared.map((p) => p.id),
      new Map(prepared.map((p) => [p.id, p])),
    );
    return results;
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
    const set: ResourceFields = { status: to };
    if (to === 'published') set.publishedAt = current.publishedAt ?? new Date();
    return this.write(actor, current, expectedVersion, transition, note, set, ['status'], false);
  }

  /** Deleting leaves a tombstone: the metadata stays (for the OAI-PMH deleted record and the audit), the files go. */
  async remove(actor: Actor, id: string, expectedVersion: number): Promise<Resource> {
    const current = await this.load(actor, id, 'delete');
    return this.write(actor, current, expectedVersion, 'deleted', null, { status: 'deleted' }, ['status'], false);
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
    const changed = await setResourceFileText(id, fileId, state);
    if (changed) await this.changes.publish('resource', id);
  }

  private checkOrganisation(orgId: string): void {
    if (!this.tree.get(orgId))
      throw new DomainError('validation', 'errors.validation', {}, [
        { field: 'orgId', messageKey: 'resources.unknownOrganisation' },
      ]);
  }

  /** Many resources by id, a few reads at once; those not found are absent from the map. */
  findMany(ids: readonly string[]): Promise<Map<string, Resource>> {
    return findResources(ids);
  }

  /**
   * A harvested page's changes in bulk, each as a single create or change would write it: new
   * resources in one insert, changes in one versioned bulk update, one change-feed entry for them
   * all. Returns the ids not written: a new resource whose id is taken (written before a crash) or
   * one changed meanwhile by someone else; the caller reads them again and decides anew.
   */
  async writeHarvested(actor: Actor, orgId: string, changes: readonly HarvestedChange[]): Promise<string[]> {
    this.checkOrganisation(orgId);
    const now = new Date();
    const added = changes.flatMap((c) =>
      c.kind === 'add'
        ? [{ id: c.id, ...newResource(actor, orgId, c.input, { external: c.external, status: 'published' }, now) }]
        : [],
    );
    const taken = await insertResourcesWithIds(added);
    const updates = changes.flatMap((c) => (c.kind === 'add' ? [] : [harvestedUpdate(actor, c, now)]));
    const notWritten = new Set([...taken, ...(await updateResourcesIfVersion(updates))]);
    const written = changes.map((c) => (c.kind === 'add' ? c.id : c.current.id)).filter((id) => !notWritten.has(id));
    await this.changes.publishMany('resource', written);
    return [...notWritten];
  }

  private async write(
    actor: Actor,
    current: Resource,
    expectedVersion: number,
    action: string,
    note: string | null,
    set: ResourceFields,
    fields: string[],
    recordChanged: boolean,
    fileChange?: ResourceFileChange,
  ): Promise<Resource> {
    if (expectedVersion !== current.version) throw conflict('errors.conflict', { current: current.version });
    const change = changeOf(actor, current, { action, note, set, fields, recordChanged }, new Date());
    const updated = await updateResourceIfVersion(current.id, expectedVersion, change, fileChange);
    if (!updated) throw conflict();
    await this.changes.publish('resource', current.id);
    return updated;
  }
}

/** A harvested record to write: new, changed at its source, or deleted there. */
export type HarvestedChange =
  | { kind: 'add'; id: string; input: ResourceInput; external: NonNullable<Resource['external']> }
  | { kind: 'update'; current: Resource; input: ResourceInput; external: NonNullable<Resource['external']> }
  | { kind: 'remove'; current: Resource };

function newResource(
  actor: Actor,
  orgId: string,
  input: ResourceInput,
  origin: { external?: Resource['external']; status?: 'draft' | 'published' },
  now: Date,
  print: PrintEdition | null = null,
): NewResource {
  const status = origin.status ?? 'draft';
  const subject = { status, scope: input.scope, external: origin.external ?? null };
  return {
    orgId,
    ownerId: actor.personId!,
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
  };
}

interface Change {
  action: string;
  note: string | null;
  set: ResourceFields;
  fields: string[];
  /** Whether what a harvester sees changed (a new OAI-PMH datestamp). */
  recordChanged: boolean;
}

/** One change as the model writes it: the fields, the modification time, the OAI-PMH state, the audit entry. */
function changeOf(actor: Actor, current: Resource, change: Change, now: Date): ResourceChange {
  const { set } = change;
  const after = {
    status: set.status ?? current.status,
    scope: set.scope ?? current.scope,
    external: set.external !== undefined ? set.external : current.external,
  };
  const scopeChanged = set.scope !== undefined && set.scope !== current.scope;
  const oai = nextOaiState(current.oai, after, now, change.recordChanged || scopeChanged);
  return { set, modifiedAt: now, oai, audit: auditEntry(actor, change.action, now, change.note, change.fields) };
}

/** The versioned update `updateHarvested` or `removeHarvested` would make. */
function harvestedUpdate(
  actor: Actor,
  change: Exclude<HarvestedChange, { kind: 'add' }>,
  now: Date,
): VersionedResourceChange {
  const { current } = change;
  const written =
    change.kind === 'remove'
      ? changeOf(actor, current, removedAtSource, now)
      : changeOf(actor, current, reharvested(current, change.input, change.external), now);
  return { id: current.id, expected: current.version, change: written };
}

const removedAtSource: Change = {
  action: 'deletedAtSource',
  note: null,
  set: { status: 'deleted' },
  fields: ['status'],
  recordChanged: false,
};

function reharvested(current: Resource, input: ResourceInput, external: NonNullable<Resource['external']>): Change {
  return {
    action: 'reharvested',
    note: null,
    set: {
      metadata: input.metadata,
      scope: input.scope,
      external,
      status: 'published',
      publishedAt: current.publishedAt ?? new Date(),
    },
    fields: [...changedFields(current, input), 'external'],
    recordChanged: true,
  };
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
