/** Resource metadata for tests at both levels: complete and valid, with what a test cares about overridden. */
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
