/**
 * Demo printed books and their copies in the pilot schools: textbooks delivered by the state
 * budget, children's books donated by parents, a novel and a teachers' book; one e-textbook also
 * gets its printed edition (a title with files and copies at once). One school keeps a class
 * library, has lost a copy and written another off, so that every library page has something to show.
 */
import { blankPrintEdition } from '../domain/catalogueRecord.js';
import type { AcquisitionSource } from '../domain/copy.js';
import type { PrintEdition } from '../domain/printEdition.js';
import { blankMetadata, type Resource, type ResourceMetadata } from '../domain/resource.js';
import type { Actor } from '../policies/actor.js';
import type { Services } from '../services/index.js';

interface Holding {
  school: string;
  collection: string;
  location: string;
  count: number;
  source: AcquisitionSource;
  price: number;
}

interface DemoPrintedTitle {
  school: string;
  metadata: Partial<ResourceMetadata> & Pick<ResourceMetadata, 'title' | 'creators' | 'type'>;
  print: Partial<PrintEdition>;
  holdings: Holding[];
}

/** A demo title's printed edition: blank but for what it says (published in Hà Nội unless it says otherwise). */
const edition = (print: Partial<PrintEdition>): PrintEdition => ({ ...blankPrintEdition(), place: 'Hà Nội', ...print });

const titles: DemoPrintedTitle[] = [
  {
    school: 'THCS-NT',
    metadata: {
      title: 'Toán 6 – Tập một',
      creators: ['Hà Huy Khoái', 'Nguyễn Cam', 'Cung Thế Anh'],
      publisher: 'Giáo dục Việt Nam',
      date: '2021',
      type: 'sgk-in',
      level: 'thcs',
      grades: [6],
      subject: 'toan',
      series: 'ket-noi',
      keywords: ['sách giáo khoa', 'Toán 6'],
    },
    print: {
      isbns: [{ value: '9786040251732', qualifier: null, invalid: false }],
      pages: 128,
      dimensions: '27 cm',
      classification: { scheme: 'ddc', number: '510.712' },
      subjectHeadings: ['Toán học -- Sách giáo khoa -- Lớp 6'],
    },
    holdings: [
      { school: 'THCS-NT', collection: 'SGK', location: 'KHO', count: 40, source: 'state_budget', price: 18_000 },
      { school: 'THCS-LBN', collection: 'SGK', location: 'KHO', count: 25, source: 'state_budget', price: 18_000 },
    ],
  },
  {
    school: 'TH-VTS',
    metadata: {
      title: 'Dế Mèn phiêu lưu ký',
      creators: ['Tô Hoài'],
      publisher: 'Kim Đồng',
      date: '2020',
      type: 'sach-in',
      keywords: ['truyện thiếu nhi', 'văn học Việt Nam'],
      description: 'Cuộc phiêu lưu của chú Dế Mèn qua thế giới loài vật, tác phẩm văn học thiếu nhi kinh điển.',
    },
    print: {
      isbns: [{ value: '9786042012348', qualifier: 'bìa mềm', invalid: false }],
      edition: 'Tái bản lần thứ 12',
      pages: 144,
      dimensions: '21 cm',
      classification: { scheme: 'ddc', number: '895.9223' },
      subjectHeadings: ['Văn học thiếu nhi -- Việt Nam', 'Truyện'],
    },
    holdings: [
      { school: 'TH-VTS', collection: 'TN', location: 'PD', count: 5, source: 'donation', price: 45_000 },
      { school: 'THCS-NT', collection: 'TN', location: 'KHO', count: 3, source: 'donation', price: 45_000 },
    ],
  },
  {
    school: 'THCS-NT',
    metadata: {
      title: 'Cho tôi xin một vé đi tuổi thơ',
      creators: ['Nguyễn Nhật Ánh'],
      publisher: 'Trẻ',
      date: '2018',
      type: 'sach-in',
      keywords: ['truyện dài', 'tuổi thơ'],
    },
    print: {
      isbns: [{ value: '9786041634565', qualifier: null, invalid: false }],
      place: 'TP. Hồ Chí Minh',
      pages: 220,
      dimensions: '20 cm',
      classification: { scheme: 'ddc', number: '895.9223' },
      subjectHeadings: ['Văn học Việt Nam -- Truyện dài'],
    },
    holdings: [
      { school: 'THCS-NT', collection: 'TK', location: 'LOP-6A1', count: 4, source: 'purchase', price: 80_000 },
      { school: 'THPT-TVG', collection: 'TK', location: 'PD', count: 2, source: 'purchase', price: 80_000 },
    ],
  },
  {
    school: 'TH-VTS',
    metadata: {
      title: 'Tiếng Việt 1 – Tập một',
      creators: ['Nguyễn Minh Thuyết'],
      publisher: 'Đại học Sư phạm',
      date: '2020',
      type: 'sgk-in',
      level: 'tieu-hoc',
      grades: [1],
      subject: 'tieng-viet',
      series: 'canh-dieu',
    },
    print: {
      isbns: [{ value: '9786040887658', qualifier: null, invalid: false }],
      pages: 176,
      dimensions: '27 cm',
      classification: { scheme: 'ddc', number: '372.6' },
    },
    holdings: [
      { school: 'TH-VTS', collection: 'SGK', location: 'KHO', count: 30, source: 'state_budget', price: 21_000 },
      { school: 'TH-LTT', collection: 'SGK', location: 'KHO', count: 30, source: 'socialisation', price: 21_000 },
    ],
  },
  {
    school: 'THCS-NT',
    metadata: {
      title: 'Hướng dẫn dạy học môn Toán trung học cơ sở theo Chương trình giáo dục phổ thông 2018',
      creators: ['Đỗ Đức Thái'],
      publisher: 'Đại học Sư phạm',
      date: '2019',
      type: 'sach-in',
      level: 'thcs',
      subject: 'toan',
      audience: ['teacher'],
    },
    print: {
      isbns: [{ value: '9786040543219', qualifier: null, invalid: false }],
      pages: 196,
      dimensions: '24 cm',
      classification: { scheme: 'ddc', number: '510.712' },
    },
    holdings: [
      { school: 'THCS-NT', collection: 'NV', location: 'KHO', count: 2, source: 'state_budget', price: 55_000 },
    ],
  },
];

export async function seedPrintedCollection(
  services: Services,
  system: Actor,
  orgIdByCode: ReadonlyMap<string, string>,
  ebook: Resource | undefined,
): Promise<void> {
  const org = (code: string) => orgIdByCode.get(code)!;
  await keepClassLibrary(services, system, org('THCS-NT'));
  const batches = new Map<string, string>();
  const batchOf = async (school: string, source: AcquisitionSource) => {
    const key = `${school}|${source}`;
    if (!batches.has(key)) {
      const batch = await services.registers.createIntakeBatch(system, org(school), {
        date: source === 'state_budget' ? '2025-08-15' : '2025-09-20',
        source,
        supplier: source === 'donation' ? 'Hội cha mẹ học sinh' : source === 'purchase' ? 'Nhà sách Fahasa' : null,
        documentNumber: source === 'state_budget' ? 'PX 215/2025' : null,
        note: null,
      });
      batches.set(key, batch.id);
    }
    return batches.get(key)!;
  };
  let firstCopy: string | undefined;
  for (const demo of titles) {
    const title = await services.resources.create(
      system,
      org(demo.school),
      {
        scope: 'public',
        metadata: blankMetadata({ licence: 'all-rights-reserved', ...demo.metadata }),
        print: edition(demo.print),
      },
      { status: 'published' },
    );
    for (const h of demo.holdings) {
      const { copies } = await services.copies.add(system, title.id, {
        orgId: org(h.school),
        collection: h.collection,
        location: h.location,
        numbering: { count: h.count },
        batch: { id: await batchOf(h.school, h.source) },
        price: h.price,
        volume: null,
        note: null,
      });
      firstCopy ??= copies[0]!.id;
    }
  }
  if (ebook) await giveEbookItsPrintedEdition(services, system, ebook);
  if (firstCopy) await loseAndWriteOff(services, system, firstCopy);
}

async function keepClassLibrary(services: Services, system: Actor, orgId: string): Promise<void> {
  const settings = await services.librarySettings.settingsOf(orgId);
  await services.librarySettings.update(system, orgId, settings.version, {
    ...settings,
    locations: [
      ...settings.locations,
      { code: 'LOP-6A1', name: 'Thư viện lớp 6A1', nameEn: 'Class 6A1 library', kind: 'class_library', active: true },
    ],
  });
}

/** A textbook with its e-book: the e-textbook resource gets the printed edition, and copies. */
async function giveEbookItsPrintedEdition(services: Services, system: Actor, ebook: Resource): Promise<void> {
  const printed = await services.resources.update(system, ebook.id, ebook.version, {
    metadata: ebook.metadata,
    scope: ebook.scope,
    print: edition({
      isbns: [{ value: '9786040001238', qualifier: 'bản in', invalid: false }],
      pages: 172,
      dimensions: '27 cm',
      classification: { scheme: 'ddc', number: '807.12' },
    }),
  });
  await services.copies.add(system, printed.id, {
    orgId: printed.orgId,
    collection: 'SGK',
    location: 'KHO',
    numbering: { count: 12 },
    batch: { date: '2025-08-18', source: 'state_budget', supplier: null, documentNumber: 'PX 230/2025', note: null },
    price: 24_000,
    volume: null,
    note: null,
  });
}

/** A copy lost in stocktaking and written off, so that the withdrawal register has an entry. */
async function loseAndWriteOff(services: Services, system: Actor, copyId: string): Promise<void> {
  const lost = await services.copies.changeStatus(system, copyId, 1, 'lost', {
    note: 'Không thấy khi kiểm kê cuối năm',
  });
  await services.copies.withdraw(system, copyId, lost.version, {
    record: { date: '2025-12-28', reason: 'lost', documentNumber: 'QĐ 12/QĐ-THCSNT', note: null },
    reason: null,
    note: null,
  });
}
