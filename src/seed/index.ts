/**
 * Demo data for a first start on the embedded database (and `npm run seed`): the Department of
 * Education with its six pilot schools, one account per role with a password generated now and
 * printed once, and about fifty resources across levels, subjects and grades.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { levels } from '../../config/vocabularies.js';
import type { Logger } from '../log.js';
import { anyOrganisation } from '../models/organisation.js';
import type { Actor } from '../policies/actor.js';
import { actorOf } from '../services/accounts.js';
import type { Services } from '../services/index.js';
import { demoAccounts, demoDepartment, demoSchools } from './demoOrganisations.js';
import { demoResources, type DemoResource } from './demoCatalogue.js';
import type { Resource } from '../domain/resource.js';
import { attachDemoFiles, type DemoAttachment } from './files.js';
import { seedPrintedCollection } from './demoPrinted.js';

export interface DemoAccount {
  username: string;
  password: string;
  displayName: string;
  role: string;
  organisation: string | null;
}

export async function seedDemoDataOnFirstStart(services: Services, log: Logger): Promise<DemoAccount[] | null> {
  if (await anyOrganisation()) return null; // not a first start
  const accounts = await seedDemoData(services);
  const file = path.join(services.config.dataDir, 'demo-accounts.txt');
  fs.writeFileSync(
    file,
    accounts
      .map((a) => `${a.username}\t${a.password}\t${a.role}\t${a.organisation ?? ''}\t${a.displayName}`)
      .join('\n') + '\n',
    { mode: 0o600 },
  );
  log.info(
    {
      accounts: accounts.map(({ username, password, role, organisation }) => ({
        username,
        password,
        role,
        organisation,
      })),
      file,
    },
    'Đã tạo dữ liệu mẫu; tài khoản mẫu (mật khẩu chỉ in một lần, cũng lưu trong tệp này) / Demo data created; ' +
      'demo accounts (passwords printed once, also kept in this file)',
  );
  return accounts;
}

export async function seedDemoData(services: Services): Promise<DemoAccount[]> {
  const { system, adminAccount, orgIdByCode } = await seedAdminAndTree(services);
  const { created, people } = await seedDemoAccounts(services, orgIdByCode);
  const teacherBySchool = await demoTeachers(services, orgIdByCode, people);

  const attachments: DemoAttachment[] = [];
  let ebook: Resource | undefined;
  for (const demo of demoResources) {
    const resource = await createDemoResource(
      services,
      teacherBySchool.get(demo.school)!,
      system,
      orgIdByCode.get(demo.school)!,
      demo,
    );
    if (demo.file) attachments.push({ resource, file: demo.file, description: demo.description });
    if (demo.type === 'sgk-dien-tu' && demo.status === 'published') ebook = resource;
  }
  await attachDemoFiles(services, system, attachments, services.log);
  // Files first: the e-textbook's version moved on with its file.
  await seedPrintedCollection(services, system, orgIdByCode, ebook && (await services.resources.find(ebook.id))!);
  return [adminAccount, ...created];
}

/** The system administrator, the department and its schools. */
async function seedAdminAndTree(services: Services) {
  const admin = await services.accounts.createLocalAccount({
    username: 'quantri',
    password: newPassword(),
    displayName: 'Quản trị hệ thống',
    email: null,
    memberships: [],
    systemAdmin: true,
  });
  const system: Actor = actorOf(admin);
  const department = await services.organisations.create(system, null, {
    code: demoDepartment.code,
    name: demoDepartment.name,
    type: demoDepartment.type,
  });
  const orgIdByCode = new Map([[department.code, department.id]]);
  for (const school of demoSchools) {
    const org = await services.organisations.create(system, department.id, {
      code: school.code,
      name: school.name,
      type: school.type,
    });
    orgIdByCode.set(school.code, org.id);
  }
  const adminPassword = newPassword();
  await services.accounts.setLocalPassword(admin.id, 'quantri', adminPassword);
  const adminAccount: DemoAccount = {
    username: 'quantri',
    password: adminPassword,
    displayName: admin.displayName,
    role: 'system_admin',
    organisation: null,
  };
  return { system, adminAccount, orgIdByCode };
}

/** The demo accounts of the schools, each with a new password. */
async function seedDemoAccounts(services: Services, orgIdByCode: Map<string, string>) {
  const created: DemoAccount[] = [];
  const people = new Map<string, Actor>();
  for (const account of demoAccounts.filter((a) => a.role !== 'system_admin')) {
    const password = newPassword();
    const orgId = orgIdByCode.get(account.orgCode!)!;
    const person = await services.accounts.createLocalAccount({
      username: account.username,
      password,
      displayName: account.displayName,
      email: `${account.username}@example.edu.vn`,
      memberships: [{ orgId, role: account.role as 'teacher' }],
    });
    people.set(account.username, actorOf(person));
    created.push({
      username: account.username,
      password,
      displayName: account.displayName,
      role: account.role,
      organisation: account.orgCode,
    });
  }
  return { created, people };
}

/** Each school's resources are owned by one of its teachers (a demo account, or one made for it). */
async function demoTeachers(services: Services, orgIdByCode: Map<string, string>, people: Map<string, Actor>) {
  const teacherBySchool = new Map<string, Actor>();
  for (const school of demoSchools) {
    const demoTeacher = demoAccounts.find((a) => a.orgCode === school.code && a.role === 'teacher');
    const teacher = demoTeacher
      ? people.get(demoTeacher.username)!
      : actorOf(
          await services.accounts.createLocalAccount({
            username: `giaovien.${school.code.toLowerCase()}`,
            password: newPassword(),
            displayName: `Giáo viên mẫu – ${school.name}`,
            email: null,
            memberships: [{ orgId: orgIdByCode.get(school.code)!, role: 'teacher' }],
          }),
        );
    teacherBySchool.set(school.code, teacher);
  }
  return teacherBySchool;
}

async function createDemoResource(
  services: Services,
  teacher: Actor,
  approver: Actor,
  orgId: string,
  demo: DemoResource,
): Promise<Resource> {
  const level = levels.find((l) => demo.grades.every((g) => l.grades.includes(g)))?.code ?? null;
  let resource = await services.resources.create(teacher, orgId, {
    scope: demo.scope,
    metadata: {
      title: demo.title,
      creators: demo.creators,
      contributors: [],
      publisher: services.tree.get(orgId)?.name ?? null,
      description: demo.description || null,
      date: '2025',
      language: demo.type === 'bai-giang' && demo.subject === 'tieng-anh' ? 'en' : 'vi',
      source: null,
      relation: null,
      coverage: null,
      level,
      grades: demo.grades,
      subject: demo.subject,
      series: demo.series,
      lesson: demo.lesson,
      type: demo.type,
      audience: demo.audience,
      licence: demo.licence,
      isbn: null,
      keywords: demo.keywords,
    },
  });
  if (demo.status === 'draft') return resource;
  resource = await services.resources.transition(teacher, resource.id, resource.version, 'submit');
  if (demo.status === 'published')
    resource = await services.resources.transition(approver, resource.id, resource.version, 'approve');
  return resource;
}

function newPassword(): string {
  return randomBytes(9).toString('base64url');
}
