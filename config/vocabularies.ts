/**
 * Controlled vocabularies of the catalogue: education levels and grades, the subjects of the
 * GDPT 2018 curriculum, textbook series, resource types, audiences, licences and languages.
 * Codes are stable ASCII identifiers stored in the database and used in URLs, OAI-PMH set specs
 * and the API; labels are shown in the person's language. To add a term (a new textbook series,
 * say), add a row here: it appears in every form, filter and export.
 */

export interface Term {
  code: string;
  vi: string;
  en: string;
}

export interface LevelTerm extends Term {
  /** Grades taught at this level; Mầm non has none. */
  grades: number[];
}

export interface SubjectTerm extends Term {
  /** Levels where the subject is taught (GDPT 2018). */
  levels: string[];
}

export interface LicenceTerm extends Term {
  /** Canonical URI, used in metadata exports (dc:rights, LOM rights). */
  uri: string;
}

export const levels: readonly LevelTerm[] = [
  { code: 'mam-non', vi: 'Mầm non', en: 'Preschool', grades: [] },
  { code: 'tieu-hoc', vi: 'Tiểu học', en: 'Primary', grades: [1, 2, 3, 4, 5] },
  { code: 'thcs', vi: 'Trung học cơ sở', en: 'Lower secondary', grades: [6, 7, 8, 9] },
  { code: 'thpt', vi: 'Trung học phổ thông', en: 'Upper secondary', grades: [10, 11, 12] },
];

const TH = 'tieu-hoc';
const THCS = 'thcs';
const THPT = 'thpt';

export const subjects: readonly SubjectTerm[] = [
  { code: 'tieng-viet', vi: 'Tiếng Việt', en: 'Vietnamese', levels: [TH] },
  { code: 'ngu-van', vi: 'Ngữ văn', en: 'Literature', levels: [THCS, THPT] },
  { code: 'toan', vi: 'Toán', en: 'Mathematics', levels: [TH, THCS, THPT] },
  { code: 'tieng-anh', vi: 'Ngoại ngữ 1 (Tiếng Anh)', en: 'Foreign language 1 (English)', levels: [TH, THCS, THPT] },
  { code: 'dao-duc', vi: 'Đạo đức', en: 'Ethics', levels: [TH] },
  { code: 'gdcd', vi: 'Giáo dục công dân', en: 'Civic education', levels: [THCS] },
  { code: 'gdktpl', vi: 'Giáo dục kinh tế và pháp luật', en: 'Economics and law education', levels: [THPT] },
  { code: 'tu-nhien-xa-hoi', vi: 'Tự nhiên và Xã hội', en: 'Nature and society', levels: [TH] },
  { code: 'khoa-hoc', vi: 'Khoa học', en: 'Science', levels: [TH] },
  { code: 'khtn', vi: 'Khoa học tự nhiên', en: 'Natural sciences', levels: [THCS] },
  { code: 'vat-li', vi: 'Vật lí', en: 'Physics', levels: [THPT] },
  { code: 'hoa-hoc', vi: 'Hoá học', en: 'Chemistry', levels: [THPT] },
  { code: 'sinh-hoc', vi: 'Sinh học', en: 'Biology', levels: [THPT] },
  { code: 'lich-su', vi: 'Lịch sử', en: 'History', levels: [THPT] },
  { code: 'dia-li', vi: 'Địa lí', en: 'Geography', levels: [THPT] },
  { code: 'lich-su-dia-li', vi: 'Lịch sử và Địa lí', en: 'History and geography', levels: [TH, THCS] },
  { code: 'tin-hoc', vi: 'Tin học', en: 'Informatics', levels: [TH, THCS, THPT] },
  { code: 'cong-nghe', vi: 'Công nghệ', en: 'Technology', levels: [TH, THCS, THPT] },
  { code: 'tin-hoc-cong-nghe', vi: 'Tin học và Công nghệ', en: 'Informatics and technology', levels: [TH] },
  { code: 'gdtc', vi: 'Giáo dục thể chất', en: 'Physical education', levels: [TH, THCS, THPT] },
  { code: 'am-nhac', vi: 'Âm nhạc', en: 'Music', levels: [TH, THCS, THPT] },
  { code: 'mi-thuat', vi: 'Mĩ thuật', en: 'Fine arts', levels: [TH, THCS, THPT] },
  { code: 'nghe-thuat', vi: 'Nghệ thuật', en: 'Arts', levels: [TH, THCS] },
  {
    code: 'hdtn',
    vi: 'Hoạt động trải nghiệm (hướng nghiệp)',
    en: 'Experiential activities (career guidance)',
    levels: [TH, THCS, THPT],
  },
  {
    code: 'gdqpan',
    vi: 'Giáo dục quốc phòng và an ninh',
    en: 'National defence and security education',
    levels: [THPT],
  },
  { code: 'gddp', vi: 'Nội dung giáo dục của địa phương', en: 'Local education content', levels: [TH, THCS, THPT] },
];

export const series: readonly Term[] = [
  { code: 'ket-noi', vi: 'Kết nối tri thức với cuộc sống', en: 'Connecting knowledge with life' },
  { code: 'chan-troi', vi: 'Chân trời sáng tạo', en: 'Creative horizons' },
  { code: 'canh-dieu', vi: 'Cánh diều', en: 'Kite' },
];

export const resourceTypes: readonly Term[] = [
  { code: 'sgk-dien-tu', vi: 'Sách giáo khoa điện tử', en: 'Electronic textbook' },
  { code: 'sach-dien-tu', vi: 'Sách điện tử, sách tham khảo', en: 'E-book, reference book' },
  { code: 'sgk-in', vi: 'Sách giáo khoa (bản in)', en: 'Printed textbook' },
  { code: 'sach-in', vi: 'Sách in (tham khảo, thiếu nhi, nghiệp vụ…)', en: 'Printed book' },
  { code: 'bai-giang', vi: 'Bài giảng điện tử', en: 'E-lecture' },
  { code: 'ke-hoach-bai-day', vi: 'Kế hoạch bài dạy', en: 'Lesson plan' },
  { code: 'video', vi: 'Video', en: 'Video' },
  { code: 'am-thanh', vi: 'Âm thanh', en: 'Audio' },
  { code: 'hinh-anh', vi: 'Hình ảnh', en: 'Image' },
  { code: 'mo-phong', vi: 'Phần mềm mô phỏng, thí nghiệm ảo', en: 'Simulation, virtual lab' },
  { code: 'de-kiem-tra', vi: 'Đề kiểm tra, ngân hàng câu hỏi', en: 'Test, question bank' },
  { code: 'khac', vi: 'Khác', en: 'Other' },
];

export const audiences: readonly Term[] = [
  { code: 'teacher', vi: 'Giáo viên', en: 'Teachers' },
  { code: 'student', vi: 'Học sinh', en: 'Students' },
];

export const licences: readonly LicenceTerm[] = [
  {
    code: 'cc-by',
    vi: 'CC BY 4.0 (Ghi công)',
    en: 'CC BY 4.0 (Attribution)',
    uri: 'https://creativecommons.org/licenses/by/4.0/',
  },
  {
    code: 'cc-by-sa',
    vi: 'CC BY-SA 4.0 (Ghi công, Chia sẻ tương tự)',
    en: 'CC BY-SA 4.0 (Attribution-ShareAlike)',
    uri: 'https://creativecommons.org/licenses/by-sa/4.0/',
  },
  {
    code: 'cc-by-nd',
    vi: 'CC BY-ND 4.0 (Ghi công, Không phái sinh)',
    en: 'CC BY-ND 4.0 (Attribution-NoDerivatives)',
    uri: 'https://creativecommons.org/licenses/by-nd/4.0/',
  },
  {
    code: 'cc-by-nc',
    vi: 'CC BY-NC 4.0 (Ghi công, Phi thương mại)',
    en: 'CC BY-NC 4.0 (Attribution-NonCommercial)',
    uri: 'https://creativecommons.org/licenses/by-nc/4.0/',
  },
  {
    code: 'cc-by-nc-sa',
    vi: 'CC BY-NC-SA 4.0 (Ghi công, Phi thương mại, Chia sẻ tương tự)',
    en: 'CC BY-NC-SA 4.0 (Attribution-NonCommercial-ShareAlike)',
    uri: 'https://creativecommons.org/licenses/by-nc-sa/4.0/',
  },
  {
    code: 'cc-by-nc-nd',
    vi: 'CC BY-NC-ND 4.0 (Ghi công, Phi thương mại, Không phái sinh)',
    en: 'CC BY-NC-ND 4.0 (Attribution-NonCommercial-NoDerivatives)',
    uri: 'https://creativecommons.org/licenses/by-nc-nd/4.0/',
  },
  {
    code: 'cc0',
    vi: 'CC0 1.0 (Dành cho công chúng)',
    en: 'CC0 1.0 (Public domain dedication)',
    uri: 'https://creativecommons.org/publicdomain/zero/1.0/',
  },
  {
    code: 'all-rights-reserved',
    vi: 'Bảo lưu mọi quyền',
    en: 'All rights reserved',
    uri: 'http://rightsstatements.org/vocab/InC/1.0/',
  },
];

export const languages: readonly Term[] = [
  { code: 'vi', vi: 'Tiếng Việt', en: 'Vietnamese' },
  { code: 'en', vi: 'Tiếng Anh', en: 'English' },
  { code: 'fr', vi: 'Tiếng Pháp', en: 'French' },
  { code: 'zh', vi: 'Tiếng Trung', en: 'Chinese' },
  { code: 'ja', vi: 'Tiếng Nhật', en: 'Japanese' },
  { code: 'ko', vi: 'Tiếng Hàn', en: 'Korean' },
  { code: 'km', vi: 'Tiếng Khmer', en: 'Khmer' },
];

/** Kinds of organisation node. The tree has no fixed levels: any kind may sit under any other. */
export const organisationTypes: readonly Term[] = [
  { code: 'department', vi: 'Sở Giáo dục và Đào tạo', en: 'Department of Education' },
  { code: 'office', vi: 'Phòng, đơn vị trung gian', en: 'Intermediate office' },
  { code: 'school', vi: 'Trường học', en: 'School' },
  { code: 'other', vi: 'Đơn vị khác', en: 'Other unit' },
];

export const vocabularies = {
  levels,
  subjects,
  series,
  resourceTypes,
  audiences,
  licences,
  languages,
  organisationTypes,
} as const;
export type VocabularyName = keyof typeof vocabularies;

export const grades: readonly number[] = levels.flatMap((l) => l.grades);
