/** Shared by the presenter tests: a stored-looking resource, and a look at every string a presenter gives out. */
import type { Resource } from '../../../src/domain/resource.js';
import { cardOf } from '../../../src/search/document.js';
import { metadata } from '../../support/metadata.js';
import { actors, schoolA } from '../support/province.js';

export const OWNER_ID = actors.owner.personId!;
/** Values of internal fields: none of them may appear anywhere in what a presenter gives out. */
export const internal = {
  sha256: 'c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00',
  auditActor: 'librarian-person-id-7f3a',
  sourceId: 'harvest-source-id-91b2',
  remoteIdentifier: 'oai:nguon.example.edu.vn:remote-42',
  storageKey: 'gridfs-bucket-key-5e1d',
};

/**
 * A resource of school A owned by the test's owner, as the service hands it over, with extra
 * fields a stored document carries (`_id`, `__v`, a storage key) that no presenter may pass on.
 */
export function storedResource(overrides: Partial<Resource> = {}): Resource {
  const at = new Date('2025-09-05T03:00:00Z');
  const resource: Resource & Record<string, unknown> = {
    id: '66f0a1b2c3d4e5f601234567',
    orgId: schoolA.id,
    ownerId: OWNER_ID,
    status: 'published',
    scope: 'public',
    metadata: metadata({ creators: ['Lê Minh Giáo', 'Trần Thị Bình'], date: '2025-09' }),
    print: null,
    files: [
      {
        id: 'file-1',
        name: 'tap-hop.pdf',
        size: 1234,
        mediaType: 'application/pdf',
        kind: 'pdf',
        sha256: internal.sha256,
        duplicateOf: '66f0a1b2c3d4e5f60123aaaa',
        text: 'done',
        uploadedAt: at,
      },
    ],
    external: { sourceId: internal.sourceId, identifier: internal.remoteIdentifier, url: null, reexpose: false },
    version: 3,
    createdAt: at,
    modifiedAt: at,
    publishedAt: at,
    oai: { state: 'exposed', datestamp: at },
    audit: [{ at, actorId: internal.auditActor, action: 'approve', note: 'Đạt yêu cầu', fields: [] }],
    _id: 'mongo-object-id',
    __v: 0,
    storageKey: internal.storageKey,
    ...overrides,
  };
  return resource;
}

/** Every string in a presenter's output, with the path it is at. */
export function stringsIn(value: unknown, path = '$'): { path: string; text: string }[] {
  if (typeof value === 'string') return [{ path, text: value }];
  if (Array.isArray(value)) return value.flatMap((v, i) => stringsIn(v, `${path}[${i}]`));
  if (value && typeof value === 'object')
    return Object.entries(value).flatMap(([k, v]) => stringsIn(v, `${path}.${k}`));
  return [];
}

/** Strings that carry markup or entities: a presenter adds none (the view escapes what it shows). */
export const markupIn = (value: unknown) =>
  stringsIn(value).filter(({ text }) => /[<>]|&(#\d+|#x[\da-f]+|[a-z]+);/i.test(text));

/** What the search hands the summary presenter for a resource seen `views` times: the search port's card. */
export const searchedResource = (resource: Resource, views: number) => cardOf(resource, views);
