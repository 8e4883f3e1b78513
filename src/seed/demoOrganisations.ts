/**
 * The provincial rollout's pilot: the Department of Education and its six pilot schools. Since
 * the 2025 reorganisation there are no district offices: the schools sit directly under the Sở.
 */
import type { OrganisationType } from '../domain/organisation.js';

export interface DemoOrganisation {
  code: string;
  name: string;
  type: OrganisationType;
  /** The level the school teaches (config/vocabularies.ts); none for the department. */
  level: string | null;
}

export const demoDepartment: DemoOrganisation = {
  code: 'SGDDT-TN',
  name: 'Sở Giáo dục và Đào tạo Tây Ninh',
  type: 'department',
  level: null,
};

export const demoSchools: DemoOrganisation[] = [
  { code: 'TH-VTS', name: 'Trường Tiểu học Võ Thị Sáu', type: 'school', level: 'tieu-hoc' },
  { code: 'TH-LTT', name: 'Trường Tiểu học Lý Tự Trọng', type: 'school', level: 'tieu-hoc' },
  { code: 'THCS-NT', name: 'Trường THCS Nhựt Tảo', type: 'school', level: 'thcs' },
  { code: 'THCS-LBN', name: 'Trường THCS Lợi Bình Nhơn', type: 'school', level: 'thcs' },
  { code: 'THPT-TVG', name: 'Trường THPT chuyên Trần Văn Giàu', type: 'school', level: 'thpt' },
  { code: 'THPT-TA', name: 'Trường THPT Tân An', type: 'school', level: 'thpt' },
];

/** One demo account per role; passwords are generated at first start, never stored in the repository. */
export const demoAccounts: {
  username: string;
  displayName: string;
  orgCode: string | null;
  role: 'org_admin' | 'librarian' | 'teacher' | 'student' | 'system_admin';
}[] = [
  { username: 'quantri', displayName: 'Quản trị hệ thống', orgCode: null, role: 'system_admin' },
  { username: 'quanly.so', displayName: 'Nguyễn Văn Quản (Sở GD&ĐT)', orgCode: 'SGDDT-TN', role: 'org_admin' },
  {
    username: 'thuvien.nhuttao',
    displayName: 'Trần Thị Thư (thư viện THCS Nhựt Tảo)',
    orgCode: 'THCS-NT',
    role: 'librarian',
  },
  {
    username: 'giaovien.nhuttao',
    displayName: 'Lê Minh Giáo (giáo viên Toán THCS Nhựt Tảo)',
    orgCode: 'THCS-NT',
    role: 'teacher',
  },
  {
    username: 'hocsinh.nhuttao',
    displayName: 'Phạm Gia Học (học sinh lớp 6A1, THCS Nhựt Tảo)',
    orgCode: 'THCS-NT',
    role: 'student',
  },
  {
    username: 'hocsinh.loibinhnhon',
    displayName: 'Võ Thanh Tâm (học sinh lớp 7A2, THCS Lợi Bình Nhơn)',
    orgCode: 'THCS-LBN',
    role: 'student',
  },
];
