/**
 * Which files may be uploaded, decided by the type detected from their content (never by the
 * name), and how each is shown. Imports nothing from src.
 */
export type AllowedKind = 'pdf' | 'video' | 'audio' | 'image' | 'simulation' | 'document';

export interface AllowedType {
  /** The media type we serve it with. */
  mediaType: string;
  kind: AllowedKind;
  /** File name extensions that may carry this type; a name with another extension is refused as a mismatch. */
  extensions: readonly string[];
  /** Its text is extracted for search. */
  extract?: 'pdf' | 'docx' | 'pptx' | 'text';
}

/**
 * Keyed by the media type file-type reports (or `text/plain` for valid UTF-8 text, which file-type
 * does not detect). A ZIP is accepted only as an HTML5 simulation package with an index.html.
 */
export const allowedTypes: Readonly<Record<string, AllowedType>> = {
  'application/pdf': { mediaType: 'application/pdf', kind: 'pdf', extensions: ['pdf'], extract: 'pdf' },
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': {
    mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    kind: 'document',
    extensions: ['docx'],
    extract: 'docx',
  },
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': {
    mediaType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    kind: 'document',
    extensions: ['pptx'],
    extract: 'pptx',
  },
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {
    mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    kind: 'document',
    extensions: ['xlsx'],
  },
  'application/vnd.oasis.opendocument.text': {
    mediaType: 'application/vnd.oasis.opendocument.text',
    kind: 'document',
    extensions: ['odt'],
  },
  'application/vnd.oasis.opendocument.presentation': {
    mediaType: 'application/vnd.oasis.opendocument.presentation',
    kind: 'document',
    extensions: ['odp'],
  },
  'application/epub+zip': { mediaType: 'application/epub+zip', kind: 'document', extensions: ['epub'] },
  'text/plain': {
    mediaType: 'text/plain; charset=utf-8',
    kind: 'document',
    extensions: ['txt', 'text', 'md'],
    extract: 'text',
  },
  'video/mp4': { mediaType: 'video/mp4', kind: 'video', extensions: ['mp4', 'm4v'] },
  'video/webm': { mediaType: 'video/webm', kind: 'video', extensions: ['webm'] },
  'video/ogg': { mediaType: 'video/ogg', kind: 'video', extensions: ['ogv', 'ogg'] },
  'audio/mpeg': { mediaType: 'audio/mpeg', kind: 'audio', extensions: ['mp3'] },
  'audio/x-m4a': { mediaType: 'audio/mp4', kind: 'audio', extensions: ['m4a'] },
  'audio/mp4': { mediaType: 'audio/mp4', kind: 'audio', extensions: ['m4a', 'mp4'] },
  'audio/ogg': { mediaType: 'audio/ogg', kind: 'audio', extensions: ['ogg', 'oga'] },
  'audio/opus': { mediaType: 'audio/ogg', kind: 'audio', extensions: ['ogg', 'opus'] },
  'audio/wav': { mediaType: 'audio/wav', kind: 'audio', extensions: ['wav'] },
  'audio/x-wav': { mediaType: 'audio/wav', kind: 'audio', extensions: ['wav'] },
  'image/png': { mediaType: 'image/png', kind: 'image', extensions: ['png'] },
  'image/jpeg': { mediaType: 'image/jpeg', kind: 'image', extensions: ['jpg', 'jpeg'] },
  'image/gif': { mediaType: 'image/gif', kind: 'image', extensions: ['gif'] },
  'image/webp': { mediaType: 'image/webp', kind: 'image', extensions: ['webp'] },
  'application/zip': { mediaType: 'application/zip', kind: 'simulation', extensions: ['zip'] },
};

/**
 * How many leading bytes type detection looks at (OOXML and EPUB are told apart by entries near the start of the zip).
 */
export const sniffBytes = 64 * 1024;

/** Extracted text kept per file, in characters: enough for search, bounded for the index. */
export const maxExtractedChars = 2 * 1024 * 1024;

/** PDFs and DOCX files are read whole to extract their text; larger ones are not extracted. */
export const maxExtractSourceBytes = 100 * 1024 * 1024;

/** Limits on an HTML5 simulation package, checked while unpacking. */
export const simulationLimits = { maxEntries: 2000, maxUnpackedBytes: 1024 * 1024 * 1024 };

/** The storage backend in use (src/registry/storage.ts lists them). */
export const storageBackend = 'gridfs';
