/**
 * Files of resources: upload (streamed into storage while its size, type and SHA-256 are checked),
 * removal, and reading for downloads and simulations. The resource document is changed only
 * through ResourceService (which checks `edit` and the version); stored bytes that end up
 * attached to nothing are deleted before the error reaches the person.
 */
import { randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { AllowedType } from '../../../config/files.js';
import { DomainError, conflict, notFound } from '../../domain/errors.js';
import type { Resource, ResourceFile } from '../../domain/resource.js';
import type { FileStorage, StoredFileInfo } from '../../domain/storage.js';
import type { Logger } from '../../log.js';
import {
  allPendingUploads,
  deletePendingUpload,
  firstUploadOf,
  forgetFirstUpload,
  insertPendingUpload,
  recordFirstUpload,
} from '../../models/file.js';
import type { Actor } from '../../policies/actor.js';
import type { ResourceService } from '../resources.js';
import { UploadInspector } from './inspect.js';
import { removeSimulation, unpackSimulation } from './simulation.js';
import type { TextQueue } from './textQueue.js';
import { listEntries, openStoredZip } from './zip.js';
import { runPeriodically } from '../../periodic.js';

export interface UploadInput {
  stream: Readable;
  filename: string;
  /** The size limit, when the caller's configuration differs from the services' (default: config.uploadMaxBytes). */
  maxBytes?: number;
}

const corrupt = () =>
  new DomainError('validation', 'files.corrupt', {}, [{ field: 'file', messageKey: 'files.corrupt' }]);

/** The longest file name kept; longer ones are shortened, keeping their extension. */
const MAX_NAME = 200;

export class FileService {
  constructor(
    readonly storage: FileStorage,
    private readonly resources: ResourceService,
    readonly texts: TextQueue,
    private readonly maxBytes: number,
    private readonly log: Logger,
  ) {}

  /**
   * Adds an uploaded file to a resource. The version is checked before any byte is stored and
   * again by the write; whatever fails, nothing stays stored for a file that was not added.
   */
  async upload(actor: Actor, resourceId: string, expectedVersion: number, input: UploadInput): Promise<Resource> {
    // The body may fail while the checks below wait for the database (a request cut off). Until
    // the pipeline in `store` reads the stream, that must not be an unhandled 'error' event (it
    // would end the process); the pipeline then finds the stream failed and fails the upload.
    input.stream.on('error', () => undefined);
    const current = await this.resources.load(actor, resourceId, 'edit');
    if (current.version !== expectedVersion) throw conflict('errors.conflict', { current: current.version });
    const name = cleanName(input.filename);
    const inspector = new UploadInspector(name, input.maxBytes ?? this.maxBytes);
    const stored = await this.store(input.stream, inspector, name);
    let unpacked = false;
    try {
      await insertPendingUpload({ _id: stored.id, resourceId, startedAt: new Date() });
      const type = inspector.detected!;
      await this.checkStructure(type, stored, inspector.tail);
      if (type.kind === 'simulation') {
        await unpackSimulation(this.storage, stored.id, stored.size);
        unpacked = true;
      }
      const first = await firstUploadOf(current.orgId, stored.sha256);
      const file: ResourceFile = {
        id: stored.id,
        name,
        size: stored.size,
        mediaType: type.mediaType,
        kind: type.kind,
        sha256: stored.sha256,
        duplicateOf: first?.resourceId ?? null,
        text: type.extract ? 'pending' : 'none',
        uploadedAt: stored.uploadedAt,
      };
      const resource = await this.resources.addFile(actor, resourceId, expectedVersion, file);
      if (!first) await recordFirstUpload(current.orgId, stored.sha256, { resourceId, fileId: stored.id });
      if (type.extract) await this.texts.enqueue(resourceId, stored.id, type.extract);
      await deletePendingUpload(stored.id);
      return resource;
    } catch (err) {
      if (unpacked) await removeSimulation(this.storage, stored.id);
      await this.storage.delete(stored.id);
      await deletePendingUpload(stored.id);
      throw err;
    }
  }

  /**
   * Streams the upload through its inspector into storage. When either side fails (the body cut
   * off, a refused type, the database), storage has removed what it wrote before this rejects.
   */
  private async store(source: Readable, inspector: UploadInspector, name: string): Promise<StoredFileInfo> {
    const received = pipeline(source, inspector);
    const [put, fed] = await Promise.allSettled([
      this.storage.put(inspector, { filename: name, contentType: 'application/octet-stream' }),
      received,
    ]);
    if (put.status === 'rejected') throw put.reason;
    if (fed.status === 'rejected') {
      await this.storage.delete(put.value.id);
      throw fed.reason;
    }
    return put.value;
  }

  /**
   * Deletes what uploads begun before `startedBefore` left when their process died half way:
   * chunks of unfinished writes, and stored files never attached to their resource.
   */
  async sweepAbandoned(startedBefore: Date): Promise<number> {
    let swept = await this.storage.sweepIncomplete(startedBefore);
    for (const pending of await allPendingUploads()) {
      if (pending.startedAt >= startedBefore) continue;
      const resource = await this.resources.find(pending.resourceId);
      if (!resource?.files.some((f) => f.id === pending._id)) {
        await removeSimulation(this.storage, pending._id);
        await this.storage.delete(pending._id);
        swept += 1;
      }
      await deletePendingUpload(pending._id);
    }
    return swept;
  }

  /**
   * Runs `sweepAbandoned` now and every `intervalMs` for uploads older than `maxAgeMs` (longer than any upload takes);
   * returns the function that stops it.
   */
  scheduleSweeps(intervalMs = 3600_000, maxAgeMs = 6 * 3600_000): () => void {
    const sweep = async () => {
      const swept = await this.sweepAbandoned(new Date(Date.now() - maxAgeMs));
      if (swept > 0) this.log.info({ swept }, 'removed what interrupted uploads left');
    };
    return runPeriodically(sweep, intervalMs, this.log, 'sweep of interrupted uploads failed; will retry');
  }

  /** Removes a file from a resource, then its bytes (only once the resource no longer names them). */
  async remove(actor: Actor, resourceId: string, expectedVersion: number, fileId: string): Promise<Resource> {
    const { resource, file } = await this.resources.removeFile(actor, resourceId, expectedVersion, fileId);
    try {
      await this.texts.forget(resourceId, fileId);
      await forgetFirstUpload(resource.orgId, file.sha256, fileId);
      if (file.kind === 'simulation') await removeSimulation(this.storage, fileId);
      await this.storage.delete(fileId);
    } catch (err) {
      // The file is already gone from the resource; its bytes are unreachable and are logged for clean-up.
      this.log.error({ err, resourceId, fileId }, 'stored bytes of a removed file could not be deleted');
    }
    return resource;
  }

  /** A file of a resource the actor may download, with what storage knows of it. */
  async downloadable(
    actor: Actor,
    resourceId: string,
    fileId: string,
  ): Promise<{ resource: Resource; file: ResourceFile; stored: StoredFileInfo }> {
    const resource = await this.resources.load(actor, resourceId, 'download');
    const file = resource.files.find((f) => f.id === fileId);
    const stored = file ? await this.storage.stat(file.id) : null;
    if (!file || !stored) throw notFound('resources.fileNotFound');
    return { resource, file, stored };
  }

  /**
   * Refuses bytes whose type was recognised but whose structure is broken (a truncated PDF, a zip without a directory).
   */
  private async checkStructure(type: AllowedType, stored: StoredFileInfo, tail: Buffer): Promise<void> {
    if (type.kind === 'pdf' && !tail.includes('%%EOF')) throw corrupt();
    if (type.mediaType === 'image/png' && !tail.subarray(-12).includes('IEND')) throw corrupt();
    if (isZipBased(type) && type.kind !== 'simulation') {
      try {
        await listEntries(await openStoredZip(this.storage, stored.id, stored.size));
      } catch {
        throw corrupt();
      }
    }
  }
}

function isZipBased(type: AllowedType): boolean {
  return (
    type.mediaType.startsWith('application/vnd.') ||
    type.mediaType === 'application/epub+zip' ||
    type.mediaType === 'application/zip'
  );
}

/** A file name as shown and sent back: no path, no control characters, bounded length. */
export function cleanName(filename: string): string {
  const base = (filename.split(/[/\\]/).pop() ?? '')
    // eslint-disable-next-line no-control-regex -- control characters never belong in a file name
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .normalize('NFC')
    .trim();
  if (!base) return `tep-${randomBytes(3).toString('hex')}`;
  if (base.length <= MAX_NAME) return base;
  const dot = base.lastIndexOf('.');
  const ext = dot > 0 && base.length - dot <= 10 ? base.slice(dot) : '';
  return base.slice(0, MAX_NAME - ext.length) + ext;
}
