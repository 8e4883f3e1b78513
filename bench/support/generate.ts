/**
 * Realistic synthetic catalogues for benchmarks: resources spread over levels, grades, subjects,
 * types, series and schools, with Vietnamese titles, descriptions and keywords, written in bulk
 * straight into the collection (through the services it would take hours; the documents are the
 * same shape the services write). A seeded generator makes runs comparable.
 */
import { Types } from 'mongoose';
import { levels, licences, resourceTypes, series, subjects } from '../../config/vocabularies.js';
import type { Resource } from '../../src/domain/resource.js';
import { OrganisationModel } from '../../src/models/organisation.js';
import { ResourceModel } from '../../src/models/resource.js';
import type { Logger } from '../../src/log.js';
import { generatedOnce } from './generatedOnce.js';
import { seededRandom } from '../../test/support/toolkit.js';

/** Seeded, so that runs are comparable. */
export const random = seededRandom;

const topics = [
  'Tập hợp',
  'Phân số',
  'Số thập phân',
  'Hình tam giác',
  'Đường tròn',
  'Phương trình bậc nhất',
  'Hàm số',
  'Xác suất',
  'Thống kê',
  'Tích phân',
  'Chuyển động thẳng đều',
  'Lực ma sát',
  'Điện trở',
  'Ánh sáng',
  'Âm thanh',
  'Nhiệt độ',
  'Tế bào',
  'Quang hợp',
  'Di truyền',
  'Hệ sinh thái',
  'Nguyên tử',
  'Bảng tuần hoàn',
  'Phản ứng hoá học',
  'Axit và bazơ',
  'Kim loại',
  'Văn tự sự',
  'Văn nghị luận',
  'Thơ lục bát',
  'Truyện cổ tích',
  'Ca dao',
  'Lịch sử địa phương',
  'Cách mạng tháng Tám',
  'Đồng bằng sông Cửu Long',
  'Khí hậu Việt Nam',
  'Dân số',
  'Lập trình Python',
  'Bảng tính',
  'Mạng máy tính',
  'An toàn thông tin',
  'Thiết kế kĩ thuật',
  'Kĩ năng sống',
  'Hướng nghiệp',
  'Bóng đá',
  'Cầu lông',
  'Dân ca Nam Bộ',
  'Vẽ tranh phong cảnh',
  'Greetings',
  'My family',
  'Environment',
  'Technology',
];
const verbs = ['Bài giảng', 'Ôn tập', 'Luyện tập', 'Chuyên đề', 'Thực hành', 'Tìm hiểu', 'Kiểm tra', 'Tư liệu'];
const people = [
  'Nguyễn Văn An',
  'Trần Thị Bình',
  'Lê Minh Châu',
  'Phạm Quốc Dũng',
  'Hoàng Thị Hà',
  'Võ Thanh Hùng',
  'Đặng Thu Lan',
  'Bùi Đức Long',
  'Đỗ Ngọc Mai',
  'Huỳnh Tấn Phát',
];

const pick = <T>(rnd: () => number, xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;

export async function createSchools(
  count: number,
): Promise<{ departmentId: Types.ObjectId; schoolIds: Types.ObjectId[] }> {
  const now = new Date();
  const department = await OrganisationModel.create({
    code: 'BENCH-SGD',
    name: 'Sở Giáo dục và Đào tạo (thử tải)',
    type: 'department',
    parentId: null,
    createdAt: now,
    modifiedAt: now,
  });
  const schools = await OrganisationModel.insertMany(
    Array.from({ length: count }, (_, i) => ({
      code: `BENCH-${i + 1}`,
      name: `Trường thử tải số ${i + 1}`,
      type: 'school',
      parentId: department._id,
      createdAt: now,
      modifiedAt: now,
    })),
  );
  return { departmentId: department._id, schoolIds: schools.map((s) => s._id) };
}

export interface GenerateOptions {
  count: number;
  schoolIds: Types.ObjectId[];
  ownerId: Types.ObjectId;
  seed?: number;
  /** Share of public resources; the rest are split between school and subtree scope. */
  publicShare?: number;
  batchSize?: number;
  onProgress?: (done: number) => void;
  /** Changes the i-th resource before it is written (the union catalogue's printed titles). */
  decorate?: (resource: Record<string, unknown>, i: number) => void;
}

export async function insertResources(options: GenerateOptions): Promise<void> {
  const rnd = random(options.seed ?? 42);
  const batchSize = options.batchSize ?? 2000;
  const start = Date.UTC(2024, 0, 1);
  for (let done = 0; done < options.count; done += batchSize) {
    const batch = [];
    for (let i = done; i < Math.min(done + batchSize, options.count); i++) {
      const level = pick(
        rnd,
        levels.filter((l) => l.grades.length),
      );
      const grade = pick(rnd, level.grades);
      const subject = pick(
        rnd,
        subjects.filter((s) => s.levels.includes(level.code)),
      );
      const type = pick(rnd, resourceTypes);
      const topic = pick(rnd, topics);
      const stamp = new Date(start + Math.floor(rnd() * 86400_000 * 700));
      const scopeDraw = rnd();
      const scope: Resource['scope'] =
        scopeDraw < (options.publicShare ?? 0.8) ? 'public' : scopeDraw < 0.9 ? 'subtree' : 'school';
      const resource: Record<string, unknown> = {
        orgId: pick(rnd, options.schoolIds),
        ownerId: options.ownerId,
        status: 'published',
        scope,
        metadata: {
          title: `${pick(rnd, verbs)} ${subject.vi} ${grade} – ${topic} (${i + 1})`,
          creators: [pick(rnd, people)],
          contributors: [],
          publisher: null,
          description: `${type.vi} môn ${subject.vi} lớp ${grade} về chủ đề ${topic.toLowerCase()}, dùng cho giáo viên và học sinh ${level.vi.toLowerCase()}.`,
          date: String(stamp.getUTCFullYear()),
          language: subject.code === 'tieng-anh' ? 'en' : 'vi',
          source: null,
          relation: null,
          coverage: null,
          level: level.code,
          grades: [grade],
          subject: subject.code,
          series: rnd() < 0.7 ? pick(rnd, series).code : null,
          lesson: `Bài ${1 + Math.floor(rnd() * 30)}`,
          type: type.code,
          audience: rnd() < 0.3 ? ['teacher'] : ['teacher', 'student'],
          licence: pick(rnd, licences).code,
          isbn: null,
          keywords: [topic, subject.vi, `lớp ${grade}`],
        },
        files: [],
        external: null,
        version: 3,
        createdAt: stamp,
        modifiedAt: stamp,
        publishedAt: stamp,
        oai: scope === 'public' ? { state: 'exposed', datestamp: stamp } : { state: 'none', datestamp: null },
        audit: [],
      };
      options.decorate?.(resource, i);
      batch.push(resource);
    }
    await ResourceModel.insertMany(batch, { lean: true });
    options.onProgress?.(Math.min(done + batchSize, options.count));
  }
}

/** The OAI-PMH benchmarks' catalogue: a department, 60 schools, `count` published public resources, made once. */
export async function ensurePublicCatalogue(
  dataDir: string,
  count: number,
  fresh: boolean,
  log: Logger,
): Promise<void> {
  await generatedOnce(dataDir, fresh, log, async () => {
    const { schoolIds } = await createSchools(60);
    await insertResources({
      count,
      schoolIds,
      ownerId: new Types.ObjectId(),
      publicShare: 1,
      onProgress: (done) => done % 20000 === 0 && process.stdout.write(`  generated ${done}\n`),
    });
    return { count };
  });
}
