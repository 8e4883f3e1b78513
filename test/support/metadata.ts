/** Resource metadata (and a printed edition) for tests at both levels: complete and valid, with what a test cares about overridden. */
import type { PrintEdition } from '../../src/domain/printEdition.js';
import type { ResourceMetadata } from '../../src/domain/resource.js';

export function metadata(overrides: Partial<ResourceMetadata> = {}): ResourceMetadata {
  return {
    title: 'Toán 6 – Bài 1: Tập hợp',
    creators: ['Lê Minh Giáo'],
    contributors: [],
    publisher: null,
    description: 'Bài giảng về tập hợp và phần tử.',
    date: '2025',
    language: 'vi',
    source: null,
    relation: null,
    coverage: null,
    level: 'thcs',
    grades: [6],
    subject: 'toan',
    series: 'ket-noi',
    lesson: 'Bài 1',
    type: 'bai-giang',
    audience: ['teacher', 'student'],
    licence: 'cc-by-sa',
    isbn: null,
    keywords: ['tập hợp'],
    ...overrides,
  };
}

/** A printed book's edition, as a cataloguer would describe it. */
export function printEdition(overrides: Partial<PrintEdition> = {}): PrintEdition {
  return {
    isbns: [{ value: '978-604-0-25173-2', qualifier: null, invalid: false }],
    edition: 'Tái bản lần thứ 2',
    place: 'Hà Nội',
    pages: 172,
    dimensions: '27 cm',
    seriesStatement: null,
    classification: { scheme: 'ddc', number: '510' },
    authorMark: null,
    callNumberOverride: null,
    subjectHeadings: ['Toán học', 'Sách giáo khoa'],
    notes: null,
    ...overrides,
  };
}
