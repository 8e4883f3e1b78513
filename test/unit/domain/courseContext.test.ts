import { expect } from 'chai';
import { subjects } from '../../../config/vocabularies.js';
import { courseTopic } from '../../../src/domain/courseContext.js';

const read = (title: string, label?: string) => courseTopic({ title, label }, subjects);

describe('courseTopic: a course name read as a subject and a grade', () => {
  const cases: [title: string, label: string | undefined, subject: string | null, grade: number | null][] = [
    ['Ngữ văn 10 — Lớp 10A1', undefined, 'ngu-van', 10],
    ['Toán 6', undefined, 'toan', 6],
    ['Toán 6A', undefined, 'toan', 6],
    ['Tin học lớp 11', undefined, 'tin-hoc', 11],
    ['Lịch sử và Địa lí 7', undefined, 'lich-su-dia-li', 7],
    ['Lịch sử 10 - Chân trời sáng tạo', undefined, 'lich-su', 10],
    ['Địa lý 12 (2024-2025)', undefined, 'dia-li', 12],
    ['Vật lý 11 - HK1', undefined, 'vat-li', 11],
    ['Hóa học 10', undefined, 'hoa-hoc', 10],
    ['Hoá học 10', undefined, 'hoa-hoc', 10],
    ['Mỹ thuật 8', undefined, 'mi-thuat', 8],
    ['KHTN 9 - Học kì 2', undefined, 'khtn', 9],
    ['Khoa học tự nhiên 6', undefined, 'khtn', 6],
    ['Khoa học 4', undefined, 'khoa-hoc', 4],
    ['Tiếng Việt 3 - Lớp 3B', undefined, 'tieng-viet', 3],
    ['Tiếng Anh 7 Global Success', undefined, 'tieng-anh', 7],
    ['Anh văn 12', undefined, 'tieng-anh', 12],
    ['GDCD 8', undefined, 'gdcd', 8],
    ['Giáo dục kinh tế và pháp luật 10', undefined, 'gdktpl', 10],
    ['Hoạt động trải nghiệm, hướng nghiệp 9', undefined, 'hdtn', 9],
    ['Tin học và Công nghệ 5', undefined, 'tin-hoc-cong-nghe', 5],
    ['Văn 10', undefined, 'ngu-van', 10],
    ['Sử 11 - ôn thi', undefined, 'lich-su', 11],
    ['NGỮ VĂN 10', undefined, 'ngu-van', 10],
    ['ngu van 10 lop 10a2', undefined, 'ngu-van', 10],
    ['Khối 12 - Toán - Ôn thi tốt nghiệp', undefined, 'toan', 12],
    ['Grade 10 Mathematics', undefined, 'toan', 10],
    ['Year 7 English', undefined, 'tieng-anh', 7],
    ['Physics 11 - Class 11B2', undefined, 'vat-li', 11],
    ['Computer Science - Grade 8', undefined, 'tin-hoc', 8],
    ['History and Geography 6', undefined, 'lich-su-dia-li', 6],
    ['Literature 9', undefined, 'ngu-van', 9],
    ['Mathematics for 3rd grade', undefined, 'toan', 3],
    // The title says nothing: the label (Moodle's short name) does.
    ['Khoá học của cô Lan', 'TOAN6', 'toan', 6],
    ['Khoá học Toán 9', undefined, 'toan', 9],
    ['Lớp 10A1', 'NV10A1', 'ngu-van', 10],
    ['Tổ Ngữ văn', 'NV-K11', 'ngu-van', 11],
    // Nothing to read, or only half.
    ['Sinh hoạt lớp chủ nhiệm', undefined, null, null],
    ['Câu lạc bộ đọc sách', undefined, null, null],
    ['Reading club', undefined, null, null],
    ['Tập huấn giáo viên 2024', undefined, null, null],
    ['Lớp 10A1 - GVCN Nguyễn Văn An', undefined, null, 10],
    ['Toán - Đại số', undefined, 'toan', null],
    ['Toán 6 và Toán 7', undefined, 'toan', 6],
    ['Ôn tập lớp 6, lớp 7', undefined, null, null],
    ['Ngữ văn - Tuần 5 - Bài 3', undefined, 'ngu-van', null],
    ['Tin học - Chương 2', undefined, 'tin-hoc', null],
    ['', undefined, null, null],
  ];
  for (const [title, label, subject, grade] of cases)
    it(`"${title}"${label ? ` / "${label}"` : ''} → ${subject ?? '—'}, ${grade ?? '—'}`, () => {
      expect(read(title, label)).to.deep.equal({ subject, grade });
    });

  it('takes no claim at all as nothing known', () => {
    expect(courseTopic(undefined, subjects)).to.deep.equal({ subject: null, grade: null });
    expect(courseTopic({ title: null, label: null }, subjects)).to.deep.equal({ subject: null, grade: null });
  });

  it('reads decomposed (NFD) Vietnamese as the composed form', () => {
    expect(read('Ngữ văn 10'.normalize('NFD'))).to.deep.equal({ subject: 'ngu-van', grade: 10 });
  });

  it('answers only with codes of the vocabulary it is given', () => {
    const codes = new Set(subjects.map((s) => s.code));
    for (const [title, label] of cases) {
      const { subject } = read(title, label);
      if (subject !== null) expect(codes.has(subject), subject).to.equal(true);
    }
  });
});
