/**
 * The authorisation rules as a matrix of role × scope × status × action, checked through the real
 * API over HTTP. The expected outcome of every cell is written out below, so a reviewer can read
 * the rules without reading src/policies.
 *
 *   Y  allowed (2xx)      F  refused (403: the person sees the resource but may not do this)
 *   N  not found (404: the person may not even know it exists)
 *   C  conflict (409: nobody may do this in the resource's current status)
 *   U  sign-in needed (401)
 */
import { expect } from 'chai';
import type { Organisation } from '../../../src/domain/organisation.js';
import type { Role } from '../../../src/domain/person.js';
import type { SharingScope } from '../../../src/domain/resource.js';
import type { Actor } from '../../../src/policies/actor.js';
import { startTestServer, testContext, type TestServer } from '../../support/context.js';
import { signedIn, type Client } from '../../support/client.js';
import { addPrintedCopies } from '../../support/printedCopies.js';
import {
  metadata,
  organisation,
  person,
  printEdition,
  printedTitle,
  province,
  resource,
  system,
} from '../../support/fixtures.js';
import { PersonModel, toPerson } from '../../../src/models/person.js';
import { circulationValuesOf } from '../../../src/http/forms/circulationSettings.js';

const people = [
  'sysAdmin',
  'deptAdmin',
  'adminA',
  'librarianA',
  'owner',
  'teacherA',
  'studentA',
  'teacherB',
  'studentB',
  'anonymous',
] as const;
type Who = (typeof people)[number];
const scopes: SharingScope[] = ['school', 'subtree', 'public'];
const statuses = ['draft', 'submitted', 'published', 'withdrawn'] as const;
type Status = (typeof statuses)[number];

/** Columns: for each scope (school | subtree | public), the statuses draft, submitted, published, withdrawn. */
const resourceMatrix: Record<
  'view' | 'share' | 'edit' | 'submit' | 'approve' | 'reject' | 'withdraw' | 'delete',
  Record<Who, string>
> = {
  //            school     subtree    public
  view: {
    sysAdmin: 'YYYY  YYYY  YYYY',
    deptAdmin: 'YYYY  YYYY  YYYY',
    adminA: 'YYYY  YYYY  YYYY',
    librarianA: 'YYYY  YYYY  YYYY',
    owner: 'YYYY  YYYY  YYYY',
    teacherA: 'NNYN  NNYN  NNYN',
    studentA: 'NNYN  NNYN  NNYN',
    teacherB: 'NNNN  NNYN  NNYN',
    studentB: 'NNNN  NNYN  NNYN',
    anonymous: 'NNNN  NNNN  NNYN',
  },
  // Embedding in a Moodle course (the LTI picker): staff, published resources they can see.
  share: {
    sysAdmin: 'FFYF  FFYF  FFYF',
    deptAdmin: 'FFYF  FFYF  FFYF',
    adminA: 'FFYF  FFYF  FFYF',
    librarianA: 'FFYF  FFYF  FFYF',
    owner: 'FFYF  FFYF  FFYF',
    teacherA: 'NNYN  NNYN  NNYN',
    studentA: 'NNFN  NNFN  NNFN',
    teacherB: 'NNNN  NNYN  NNYN',
    studentB: 'NNNN  NNFN  NNFN',
    anonymous: 'NNNN  NNNN  NNFN',
  },
  // The author edits until publication; then only the librarians and admins of the school (or above).
  edit: {
    sysAdmin: 'YYYY  YYYY  YYYY',
    deptAdmin: 'YYYY  YYYY  YYYY',
    adminA: 'YYYY  YYYY  YYYY',
    librarianA: 'YYYY  YYYY  YYYY',
    owner: 'YYFY  YYFY  YYFY',
    teacherA: 'NNFN  NNFN  NNFN',
    studentA: 'NNFN  NNFN  NNFN',
    teacherB: 'NNNN  NNFN  NNFN',
    studentB: 'NNNN  NNFN  NNFN',
    anonymous: 'UUUU  UUUU  UUUU',
  },
  submit: {
    sysAdmin: 'YCCY  YCCY  YCCY',
    deptAdmin: 'YCCY  YCCY  YCCY',
    adminA: 'YCCY  YCCY  YCCY',
    librarianA: 'YCCY  YCCY  YCCY',
    owner: 'YCCY  YCCY  YCCY',
    teacherA: 'NNCN  NNCN  NNCN',
    studentA: 'NNCN  NNCN  NNCN',
    teacherB: 'NNNN  NNCN  NNCN',
    studentB: 'NNNN  NNCN  NNCN',
    anonymous: 'UUUU  UUUU  UUUU',
  },
  // Publishing is for the librarians and admins of the owning school or above — never the author alone.
  approve: {
    sysAdmin: 'YYCY  YYCY  YYCY',
    deptAdmin: 'YYCY  YYCY  YYCY',
    adminA: 'YYCY  YYCY  YYCY',
    librarianA: 'YYCY  YYCY  YYCY',
    owner: 'FFCF  FFCF  FFCF',
    teacherA: 'NNCN  NNCN  NNCN',
    studentA: 'NNCN  NNCN  NNCN',
    teacherB: 'NNNN  NNCN  NNCN',
    studentB: 'NNNN  NNCN  NNCN',
    anonymous: 'UUUU  UUUU  UUUU',
  },
  reject: {
    sysAdmin: 'CYCC  CYCC  CYCC',
    deptAdmin: 'CYCC  CYCC  CYCC',
    adminA: 'CYCC  CYCC  CYCC',
    librarianA: 'CYCC  CYCC  CYCC',
    owner: 'CFCC  CFCC  CFCC',
    teacherA: 'NNCN  NNCN  NNCN',
    studentA: 'NNCN  NNCN  NNCN',
    teacherB: 'NNNN  NNCN  NNCN',
    studentB: 'NNNN  NNCN  NNCN',
    anonymous: 'UUUU  UUUU  UUUU',
  },
  withdraw: {
    sysAdmin: 'CCYC  CCYC  CCYC',
    deptAdmin: 'CCYC  CCYC  CCYC',
    adminA: 'CCYC  CCYC  CCYC',
    librarianA: 'CCYC  CCYC  CCYC',
    owner: 'CCYC  CCYC  CCYC',
    teacherA: 'NNFN  NNFN  NNFN',
    studentA: 'NNFN  NNFN  NNFN',
    teacherB: 'NNNN  NNFN  NNFN',
    studentB: 'NNNN  NNFN  NNFN',
    anonymous: 'UUUU  UUUU  UUUU',
  },
  // The author may throw away a draft; anything further along is for those who manage the school.
  delete: {
    sysAdmin: 'YYYY  YYYY  YYYY',
    deptAdmin: 'YYYY  YYYY  YYYY',
    adminA: 'YYYY  YYYY  YYYY',
    librarianA: 'YYYY  YYYY  YYYY',
    owner: 'YFFF  YFFF  YFFF',
    teacherA: 'NNFN  NNFN  NNFN',
    studentA: 'NNFN  NNFN  NNFN',
    teacherB: 'NNNN  NNFN  NNFN',
    studentB: 'NNNN  NNFN  NNFN',
    anonymous: 'UUUU  UUUU  UUUU',
  },
};

/** Organisation actions by role and position in the tree (department → school A, school B). */
const orgPeople = [
  'sysAdmin',
  'deptAdmin',
  'adminA',
  'librarianA',
  'teacherA',
  'studentA',
  'adminB',
  'anonymous',
] as const;
type OrgWho = (typeof orgPeople)[number];
const orgMatrix: Record<string, Record<OrgWho, string>> = {
  //                               sys  dept  adminA  libA  teachA  studA  adminB  anon
  'create a node under the department': row('Y Y F F F F F U'),
  'create a node under school A': row('Y Y Y F F F F U'),
  'rename school A': row('Y Y Y F F F F U'),
  'move a school of the department': row('Y Y F F F F F U'),
  'delete an empty school': row('Y Y F F F F F U'),
  'list the people of school A': row('Y Y Y Y F F F U'),
  'create an account in school A': row('Y Y Y F F F F U'),
  'set roles in school A': row('Y Y Y F F F F U'),
  // The integrations health page (HTML): U is the redirect to sign in.
  'see the integrations health of the department': row('Y Y F F F F F U'),
  'see the integrations health of school A': row('Y Y Y F F F F U'),
};

function row(cells: string): Record<OrgWho, string> {
  const values = cells.split(' ');
  return Object.fromEntries(orgPeople.map((p, i) => [p, values[i]])) as Record<OrgWho, string>;
}

/** V: refused as invalid input (another school's copies named on a school's own page); R: a page sends the anonymous to sign in. */
const expectedStatus: Record<string, number[]> = {
  Y: [200, 201, 204],
  F: [403],
  N: [404],
  C: [409],
  U: [401],
  V: [400],
  R: [303],
};

function cellsOf(line: string): string[] {
  return line.replace(/\s+/g, '').split('');
}

/** A letter of the matrix for an HTTP status (see expectedStatus), or the status itself when none fits. */
function letterOf(status: number): string {
  return Object.entries(expectedStatus).find(([, codes]) => codes.includes(status))?.[0] ?? `HTTP ${status}`;
}

/** A page's answer as a letter: a redirect to sign in is R, any other redirect a success (Y). */
async function pageLetter(res: Response): Promise<string> {
  await res.arrayBuffer();
  if (res.status === 303) return (res.headers.get('location') ?? '').startsWith('/login') ? 'R' : 'Y';
  return letterOf(res.status);
}

/**
 * Runs a matrix (one row of cells per action, one cell per person) and returns every cell that
 * differs, so that one failing test names all of them at once.
 */
async function mismatches<W extends string>(
  matrix: Record<string, string>,
  people: readonly W[],
  attempt: (action: string, who: W, index: number) => Promise<string>,
): Promise<string[]> {
  const failures: string[] = [];
  for (const [action, row] of Object.entries(matrix)) {
    const cells = row.split(' ');
    for (const [i, who] of people.entries()) {
      const got = await attempt(action, who, i);
      if (got !== cells[i]) failures.push(`${who} — ${action}: expected ${cells[i]}, got ${got}`);
    }
  }
  return failures;
}

describe('Authorisation matrix: role × scope × status × action, through the API', function () {
  this.timeout(300_000);
  let server: TestServer;
  let world: { department: Organisation; schoolA: Organisation; schoolB: Organisation };
  const clients = {} as Record<Who | OrgWho, Client>;
  let ownerActor: Actor;
  const shared = new Map<string, { id: string; version: number }>();

  async function makeResource(scope: SharingScope, status: Status): Promise<{ id: string; version: number }> {
    const { resources } = testContext().services;
    let r = await resource(ownerActor, world.schoolA, {
      scope,
      status: status === 'withdrawn' ? 'published' : status,
      metadata: { title: `Ma trận ${scope} ${status}` },
    });
    if (status === 'withdrawn') r = await resources.transition(ownerActor, r.id, r.version, 'withdraw');
    return { id: r.id, version: r.version };
  }

  before(async () => {
    server = await startTestServer();
    world = await province();
    const accounts: Record<string, { org: Organisation; role: Role }[]> = {
      deptAdmin: [{ org: world.department, role: 'org_admin' }],
      adminA: [{ org: world.schoolA, role: 'org_admin' }],
      librarianA: [{ org: world.schoolA, role: 'librarian' }],
      owner: [{ org: world.schoolA, role: 'teacher' }],
      teacherA: [{ org: world.schoolA, role: 'teacher' }],
      studentA: [{ org: world.schoolA, role: 'student' }],
      teacherB: [{ org: world.schoolB, role: 'teacher' }],
      studentB: [{ org: world.schoolB, role: 'student' }],
      adminB: [{ org: world.schoolB, role: 'org_admin' }],
    };
    const everyone = await signedInEveryone(server.url, accounts);
    Object.assign(clients, everyone.clients);
    ownerActor = everyone.actors.owner!;
    for (const scope of scopes)
      for (const status of statuses) shared.set(`${scope}/${status}`, await makeResource(scope, status));
  });
  after(() => server.close());

  for (const action of Object.keys(resourceMatrix) as (keyof typeof resourceMatrix)[]) {
    it(`resources: ${action}`, async () => {
      const failures: string[] = [];
      for (const who of people) {
        const cells = cellsOf(resourceMatrix[action][who]);
        expect(cells, `${action}/${who}`).to.have.length(12);
        for (const [si, scope] of scopes.entries()) {
          for (const [ti, status] of statuses.entries()) {
            const expected = cells[si * 4 + ti]!;
            const got = await attempt(action, who, scope, status, expected);
            if (got !== expected)
              failures.push(`${who} ${action} ${scope}/${status}: expected ${expected}, got ${got}`);
          }
        }
      }
      expect(failures).to.deep.equal([]);
    });
  }

  /** Performs the action and returns the letter of what happened. Allowed changes act on a fresh resource. */
  async function attempt(
    action: keyof typeof resourceMatrix,
    who: Who,
    scope: SharingScope,
    status: Status,
    expected: string,
  ): Promise<string> {
    const client = clients[who];
    const target =
      expected === 'Y' && action !== 'view' && action !== 'share'
        ? await makeResource(scope, status)
        : shared.get(`${scope}/${status}`)!;
    let res: Response;
    if (action === 'view' || action === 'share') {
      res = await client.get(`/api/v1/resources/${target.id}`);
      if (res.status === 200) {
        const body = (await res.json()) as { permissions: Record<string, boolean> };
        if (action === 'view') return body.permissions.view && body.permissions.download ? 'Y' : 'view-flag-false';
        return body.permissions.share ? 'Y' : 'F';
      }
    } else if (action === 'edit') {
      res = await client.put(`/api/v1/resources/${target.id}`, {
        version: target.version,
        scope,
        metadata: metadata({ title: `Đã sửa ${scope} ${status}` }),
      });
    } else if (action === 'delete') {
      res = await client.delete(`/api/v1/resources/${target.id}`, { version: target.version });
    } else {
      res = await client.post(`/api/v1/resources/${target.id}/${action}`, { version: target.version, note: 'Ghi chú' });
    }
    const letter = letterOf(res.status);
    if (letter === 'Y' && action !== 'view' && action !== 'share') {
      // An allowed change really happened: the version moved on.
      const after = await testContext().services.resources.find(target.id);
      if (after!.version !== target.version + 1) return 'Y-but-unchanged';
    }
    return letter;
  }

  it('organisations: create, rename, move, delete, people, by role and position in the tree', async () => {
    const failures: string[] = [];
    for (const [action, expectations] of Object.entries(orgMatrix)) {
      for (const who of orgPeople) {
        const expected = expectations[who];
        const got = await attemptOrg(action, who);
        if (got !== expected) failures.push(`${who} — ${action}: expected ${expected}, got ${got}`);
      }
    }
    expect(failures).to.deep.equal([]);
  });

  let counter = 0;
  async function attemptOrg(action: string, who: OrgWho): Promise<string> {
    const client = clients[who];
    const code = () => `M${Date.now().toString(36)}${counter++}`;
    let res: Response;
    switch (action) {
      case 'create a node under the department':
        res = await client.post('/api/v1/organisations', {
          parentId: world.department.id,
          code: code(),
          name: 'Trường mới',
          type: 'school',
        });
        break;
      case 'create a node under school A':
        res = await client.post('/api/v1/organisations', {
          parentId: world.schoolA.id,
          code: code(),
          name: 'Điểm trường lẻ',
          type: 'other',
        });
        break;
      case 'rename school A':
        res = await client.put(`/api/v1/organisations/${world.schoolA.id}`, {
          code: world.schoolA.code,
          name: world.schoolA.name,
          type: 'school',
        });
        break;
      case 'move a school of the department': {
        const school = await organisation('Trường sẽ chuyển', world.department);
        res = await client.post(`/api/v1/organisations/${school.id}/move`, { parentId: world.schoolB.id });
        if (res.status === 200 && testContext().services.tree.get(school.id)?.parentId !== world.schoolB.id)
          return 'Y-but-not-moved';
        break;
      }
      case 'delete an empty school': {
        const school = await organisation('Trường trống', world.department);
        res = await client.delete(`/api/v1/organisations/${school.id}`);
        break;
      }
      case 'list the people of school A':
        res = await client.get(`/api/v1/organisations/${world.schoolA.id}/people`);
        break;
      case 'create an account in school A':
        res = await client.post(`/api/v1/organisations/${world.schoolA.id}/people`, {
          username: `hs${code().toLowerCase()}`,
          displayName: 'Học sinh mới',
          roles: ['student'],
        });
        break;
      case 'set roles in school A': {
        const someone = await person([{ org: world.schoolA, role: 'student' }]);
        res = await client.put(`/api/v1/organisations/${world.schoolA.id}/people/${someone.id}/roles`, {
          roles: ['teacher'],
        });
        break;
      }
      case 'see the integrations health of the department':
      case 'see the integrations health of school A': {
        const org = action.endsWith('department') ? world.department : world.schoolA;
        res = await client.get(`/admin/organisations/${org.id}/integrations`);
        if (res.status === 303 && res.headers.get('location')?.startsWith('/login')) return 'U';
        break;
      }
      default:
        throw new Error(`no way to attempt ${action}`);
    }
    return letterOf(res.status);
  }
});

/**
 * People who belong to several organisations at different levels. A role is changed in one
 * organisation by those who manage people there; the account (disable, password, identities) only
 * by those with power over every organisation the person belongs to (src/policies/account.ts).
 */
describe('Authorisation matrix: accounts of people in several organisations, through the API', function () {
  this.timeout(300_000);
  const actors = [
    'sysAdmin',
    'deptAdmin',
    'adminA',
    'adminAB',
    'librarianA',
    'adminB',
    'teacherA',
    'anonymous',
  ] as const;
  type ActorName = (typeof actors)[number];
  const subjects = [
    'studentA',
    'teacherA+studentB',
    'deptAdmin+studentA',
    'deptLibrarian+teacherA',
    'noMembership',
    'sysAdmin+studentA',
  ] as const;
  type SubjectName = (typeof subjects)[number];
  type Memberships = { org: 'department' | 'schoolA' | 'schoolB'; role: Role }[];
  const subjectMemberships: Record<SubjectName, Memberships> = {
    studentA: [{ org: 'schoolA', role: 'student' }],
    'teacherA+studentB': [
      { org: 'schoolA', role: 'teacher' },
      { org: 'schoolB', role: 'student' },
    ],
    'deptAdmin+studentA': [
      { org: 'department', role: 'org_admin' },
      { org: 'schoolA', role: 'student' },
    ],
    'deptLibrarian+teacherA': [
      { org: 'department', role: 'librarian' },
      { org: 'schoolA', role: 'teacher' },
    ],
    noMembership: [],
    'sysAdmin+studentA': [{ org: 'schoolA', role: 'student' }],
  };

  // Columns: studentA | teacherA+studentB | deptAdmin+studentA | deptLibrarian+teacherA | noMembership | sysAdmin+studentA
  const disableMatrix: Record<ActorName, string> = {
    sysAdmin: 'Y Y Y Y Y Y',
    deptAdmin: 'Y Y Y Y F F',
    adminA: 'Y F F F F F',
    adminAB: 'Y Y F F F F',
    librarianA: 'F F F F F F',
    adminB: 'F F F F F F',
    teacherA: 'F F F F F F',
    anonymous: 'U U U U U U',
  };
  // Replacing the subject's roles in school A (adding them there when they had none).
  const rolesInSchoolAMatrix: Record<ActorName, string> = {
    sysAdmin: 'Y Y Y Y Y Y',
    deptAdmin: 'Y Y Y Y Y Y',
    adminA: 'Y Y Y Y Y Y',
    adminAB: 'Y Y Y Y Y Y',
    librarianA: 'F F F F F F',
    adminB: 'F F F F F F',
    teacherA: 'F F F F F F',
    anonymous: 'U U U U U U',
  };

  let server: TestServer;
  let world: { department: Organisation; schoolA: Organisation; schoolB: Organisation };
  const clients = {} as Record<ActorName, Client>;

  before(async () => {
    server = await startTestServer();
    world = await province();
    const accounts: Partial<Record<ActorName, Memberships>> = {
      deptAdmin: [{ org: 'department', role: 'org_admin' }],
      adminA: [{ org: 'schoolA', role: 'org_admin' }],
      adminAB: [
        { org: 'schoolA', role: 'org_admin' },
        { org: 'schoolB', role: 'org_admin' },
      ],
      librarianA: [{ org: 'schoolA', role: 'librarian' }],
      adminB: [{ org: 'schoolB', role: 'org_admin' }],
      teacherA: [{ org: 'schoolA', role: 'teacher' }],
    };
    for (const [who, memberships] of Object.entries(accounts))
      clients[who as ActorName] = await signedIn(server.url, await person(inWorld(memberships), who));
    clients.sysAdmin = await signedInSystemAdmin(server.url);
    clients.anonymous = await signedIn(server.url, null);
  });
  after(() => server.close());

  const inWorld = (memberships: Memberships) => memberships.map((m) => ({ org: world[m.org], role: m.role }));

  async function subject(name: SubjectName): Promise<string> {
    const memberships = inWorld(subjectMemberships[name]).map((m) => ({ orgId: m.org.id, role: m.role }));
    const created = await testContext().services.accounts.createLocalAccount({
      username: `tk-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`,
      password: 'mat-khau-cua-nguoi-duoc-thu',
      displayName: name,
      email: null,
      memberships,
      systemAdmin: name === 'sysAdmin+studentA',
    });
    return created.id;
  }

  it('disable a person: only with power over every organisation they belong to', async () => {
    const failures: string[] = [];
    for (const who of actors) {
      const cells = disableMatrix[who].split(' ');
      for (const [i, name] of subjects.entries()) {
        const id = await subject(name);
        const res = await clients[who].put(`/api/v1/people/${id}/status`, { disabled: true });
        let got = letterOf(res.status);
        if (got === 'Y' && !(await freshPerson(id))?.disabled) got = 'Y-but-not-disabled';
        if (got !== 'Y' && (await freshPerson(id))?.disabled) got = `${got}-but-disabled`;
        if (got !== cells[i]) failures.push(`${who} disables ${name}: expected ${cells[i]}, got ${got}`);
      }
    }
    expect(failures).to.deep.equal([]);
  });

  it("set roles in school A: within the caller's organisations, whatever else the person belongs to", async () => {
    const failures: string[] = [];
    for (const who of actors) {
      const cells = rolesInSchoolAMatrix[who].split(' ');
      for (const [i, name] of subjects.entries()) {
        const id = await subject(name);
        const before = await freshPerson(id);
        const res = await clients[who].put(`/api/v1/organisations/${world.schoolA.id}/people/${id}/roles`, {
          roles: ['librarian'],
        });
        let got = letterOf(res.status);
        const after = await freshPerson(id);
        const elsewhere = (p: typeof before) =>
          JSON.stringify(p!.memberships.filter((m) => m.orgId !== world.schoolA.id));
        if (elsewhere(after) !== elsewhere(before)) got = `${got}-and-changed-elsewhere`;
        const inA = after!.memberships.filter((m) => m.orgId === world.schoolA.id).map((m) => m.role);
        if (got === 'Y' && JSON.stringify(inA) !== '["librarian"]') got = 'Y-but-unchanged';
        if (got !== cells[i])
          failures.push(`${who} sets roles of ${name} in school A: expected ${cells[i]}, got ${got}`);
      }
    }
    expect(failures).to.deep.equal([]);
  });

  it('issue 12, case 2 as written: a school admin adds the department admin to their school, then cannot disable them', async () => {
    const deptAdmin = await person([{ org: world.department, role: 'org_admin' }], 'Quản trị Sở');
    const schoolAdmin = clients.adminA;
    const added = await schoolAdmin.put(`/api/v1/organisations/${world.schoolA.id}/people/${deptAdmin.id}/roles`, {
      roles: ['student'],
    });
    expect(added.status, 'managing a membership of their own school is still theirs').to.equal(200);
    const disabled = await schoolAdmin.put(`/api/v1/people/${deptAdmin.id}/status`, { disabled: true });
    expect(disabled.status).to.equal(403);
    const page = await schoolAdmin.request('POST', `/admin/people/${deptAdmin.id}/status`, {
      form: { disabled: 'true', _csrf: schoolAdmin.csrfToken! },
    });
    expect(page.status, 'the admin page refuses it too').to.equal(403);
    expect((await freshPerson(deptAdmin.id))?.disabled).to.equal(false);
    await signedIn(server.url, deptAdmin); // the department admin can still sign in
    const listed = await (await schoolAdmin.get(`/admin/organisations/${world.schoolA.id}`)).text();
    expect(listed, 'no disable button is offered for them').to.not.contain(`/admin/people/${deptAdmin.id}/status`);
  });
});

async function freshPerson(id: string) {
  const record = await PersonModel.findById(id).lean();
  return record ? toPerson(record) : null;
}

/** A person per name with these memberships, a fresh system admin and an anonymous visitor, each signed in over HTTP. */
async function signedInEveryone(url: string, accounts: Record<string, { org: Organisation; role: Role }[]>) {
  const clients: Record<string, Client> = { sysAdmin: await signedInSystemAdmin(url) };
  const actors: Record<string, Actor> = {};
  for (const [who, memberships] of Object.entries(accounts)) {
    const p = await person(memberships, who);
    actors[who] = p.actor;
    clients[who] = await signedIn(url, p);
  }
  clients.anonymous = await signedIn(url, null);
  return { clients, actors };
}

/** The people of a library matrix (libraryPeople but the system admin and the anonymous): their memberships. */
function schoolAccounts(world: { department: Organisation; schoolA: Organisation; schoolB: Organisation }) {
  return {
    deptAdmin: [{ org: world.department, role: 'org_admin' as Role }],
    adminA: [{ org: world.schoolA, role: 'org_admin' as Role }],
    librarianA: [{ org: world.schoolA, role: 'librarian' as Role }],
    teacherA: [{ org: world.schoolA, role: 'teacher' as Role }],
    studentA: [{ org: world.schoolA, role: 'student' as Role }],
    librarianB: [{ org: world.schoolB, role: 'librarian' as Role }],
    adminB: [{ org: world.schoolB, role: 'org_admin' as Role }],
  };
}

/** A fresh system admin, signed in over HTTP. */
async function signedInSystemAdmin(url: string): Promise<Client> {
  const sysAdmin = { username: `quantri-${Date.now().toString(36)}`, password: 'mat-khau-quan-tri-he-thong' };
  await testContext().services.accounts.createLocalAccount({
    ...sysAdmin,
    displayName: 'Quản trị hệ thống',
    email: null,
    memberships: [],
    systemAdmin: true,
  });
  return signedIn(url, sysAdmin);
}

/**
 * The printed collection: cataloguing, copies and library settings by role and school. School A
 * catalogued a public printed title and holds copies of it; school B does not. Cells as above.
 */
const libraryPeople = [
  'sysAdmin',
  'deptAdmin',
  'adminA',
  'librarianA',
  'teacherA',
  'studentA',
  'librarianB',
  'adminB',
  'anonymous',
] as const;
type LibraryWho = (typeof libraryPeople)[number];
const libraryMatrix: Record<string, string> = {
  //                                                 sys dept adminA libA teachA studA libB adminB anon
  'catalogue a printed title in school A': 'Y Y Y Y F F F F U',
  'see where a school-A title is held': 'Y Y Y Y Y Y Y Y Y',
  'add copies of the title to school A': 'Y Y Y Y F F F F U',
  'add copies of the title to school B': 'Y Y F F F F Y Y U',
  'see a copy of school A': 'Y Y Y Y Y N N N U',
  'find a copy of school A by its barcode': 'Y Y Y Y Y N N N U',
  'mark a copy of school A lost': 'Y Y Y Y F N N N U',
  'withdraw a copy of school A': 'Y Y Y Y F N N N U',
  'relabel a withdrawn copy of school A': 'C C C C F N N N U',
  "change school A's library settings": 'Y Y Y Y F F F F U',
  "list school A's intake batches": 'Y Y Y Y F F F F U',
  // The labels page (a PDF): only those who manage a school's copies print them, and only that school's.
  "print labels of school A's copies": 'Y Y Y Y F F F F R',
  "print school A's copies on school B's labels page": 'V V F F F F V V R',
  // The registers (XLSX/PDF): the school's librarians and admins, and those of the department above it.
  "download school A's individual register": 'Y Y Y Y F F F F R',
  "download school A's loan register of students": 'Y Y Y Y F F F F R',
  'download a withdrawal record of school A': 'Y Y Y Y F N N N R',
};

describe('Authorisation matrix: the printed collection of one school, out of another school’s reach', function () {
  this.timeout(300_000);
  let server: TestServer;
  let world: { department: Organisation; schoolA: Organisation; schoolB: Organisation };
  const clients = {} as Record<LibraryWho, Client>;
  let librarianA: Actor;
  let titleId = '';
  let withdrawnCopy = { id: '', version: 0 };
  const batch = { date: '2025-09-05', source: 'purchase' as const, supplier: null, documentNumber: null, note: null };

  async function copyOfA(): Promise<{ id: string; version: number; barcode: string }> {
    const { copies } = await testContext().services.copies.add(librarianA, titleId, {
      orgId: world.schoolA.id,
      collection: 'SGK',
      location: 'KHO',
      numbering: { count: 1 },
      batch,
      price: 20000,
      volume: null,
      note: null,
    });
    return copies[0]!;
  }

  before(async () => {
    server = await startTestServer();
    world = await province();
    const everyone = await signedInEveryone(server.url, schoolAccounts(world));
    Object.assign(clients, everyone.clients);
    librarianA = everyone.actors.librarianA!;
    titleId = (await printedTitle(librarianA, world.schoolA, { metadata: { title: 'Ma trận sách in' } })).id;
    const { copies } = testContext().services;
    const lost = await copies.changeStatus(librarianA, (await copyOfA()).id, 1, 'lost');
    const { copy } = await copies.withdraw(librarianA, lost.id, lost.version, {
      record: { date: '2025-12-01', reason: 'lost', documentNumber: null, note: null },
      reason: null,
      note: null,
    });
    withdrawnCopy = { id: copy.id, version: copy.version };
  });
  after(() => server.close());

  it('catalogue, holdings, copies, settings: by role and school', async () => {
    expect(await mismatches(libraryMatrix, libraryPeople, attemptLibrary)).to.deep.equal([]);
  });

  /** The labels page's print form, as a browser posts it. */
  const printLabels = (client: Client, orgId: string, copyId: string) =>
    client.request('POST', `/library/schools/${orgId}/labels`, {
      form: { copy: copyId, kind: 'barcode', sheet: 'a4-3x8', start: '1' },
    });

  async function attemptLibrary(action: string, who: LibraryWho): Promise<string> {
    const client = clients[who];
    const addTo = (orgId: string) =>
      client.post(`/api/v1/resources/${titleId}/copies`, {
        orgId,
        collection: 'TK',
        location: 'KHO',
        numbering: { count: 1 },
        batch,
      });
    let res: Response;
    switch (action) {
      case 'catalogue a printed title in school A':
        res = await client.post('/api/v1/resources', {
          orgId: world.schoolA.id,
          scope: 'public',
          metadata: metadata({ title: 'Sách mới', type: 'sach-in' }),
          print: printEdition(),
        });
        break;
      case 'see where a school-A title is held':
        res = await client.get(`/api/v1/resources/${titleId}/holdings`);
        break;
      case 'add copies of the title to school A':
        res = await addTo(world.schoolA.id);
        break;
      case 'add copies of the title to school B':
        res = await addTo(world.schoolB.id);
        break;
      case 'see a copy of school A':
        res = await client.get(`/api/v1/copies/${(await copyOfA()).id}`);
        break;
      case 'find a copy of school A by its barcode':
        res = await client.get(
          `/api/v1/library/organisations/${world.schoolA.id}/copies?barcode=${(await copyOfA()).barcode}`,
        );
        break;
      case 'mark a copy of school A lost': {
        const copy = await copyOfA();
        res = await client.post(`/api/v1/copies/${copy.id}/status`, { status: 'lost', version: copy.version });
        if (res.status === 200 && (await testContext().services.copies.find(copy.id))!.status !== 'lost')
          return 'Y-but-unchanged';
        break;
      }
      case 'withdraw a copy of school A': {
        const copy = await copyOfA();
        res = await client.post(`/api/v1/copies/${copy.id}/withdraw`, {
          version: copy.version,
          record: { date: '2025-12-02', reason: 'worn' },
        });
        break;
      }
      case 'relabel a withdrawn copy of school A':
        res = await client.put(`/api/v1/copies/${withdrawnCopy.id}`, {
          version: withdrawnCopy.version,
          barcode: 'MOI-99',
        });
        break;
      case "change school A's library settings": {
        const current = await testContext().services.librarySettings.settingsOf(world.schoolA.id);
        res = await client.put(`/api/v1/library/organisations/${world.schoolA.id}/settings`, {
          version: current.version,
          collections: current.collections,
          locations: current.locations,
          authorMark: current.authorMark,
          classificationScheme: current.classificationScheme,
        });
        break;
      }
      case "print labels of school A's copies":
        res = await printLabels(client, world.schoolA.id, (await copyOfA()).id);
        break;
      case "print school A's copies on school B's labels page":
        res = await printLabels(client, world.schoolB.id, (await copyOfA()).id);
        break;
      case "list school A's intake batches":
        res = await client.get(`/api/v1/library/organisations/${world.schoolA.id}/intake-batches`);
        break;
      case "download school A's individual register":
        res = await client.get(`/library/schools/${world.schoolA.id}/registers/individual.pdf`);
        await res.arrayBuffer();
        break;
      case "download school A's loan register of students":
        res = await client.get(`/library/schools/${world.schoolA.id}/registers/loans/students.xlsx`);
        await res.arrayBuffer();
        break;
      case 'download a withdrawal record of school A': {
        const { recordId } = (await testContext().services.copies.find(withdrawnCopy.id))!.withdrawal!;
        res = await client.get(`/library/withdrawals/${recordId}/record.pdf`);
        await res.arrayBuffer();
        break;
      }
      default:
        throw new Error(`no way to attempt ${action}`);
    }
    return letterOf(res.status);
  }
});

/**
 * The desk (issue 15): lending, taking back, loan rules, a reader's loans, renewals and holds, by
 * role and school. `readerA` is a student of school A who borrows; studentA looks at their own
 * record where a row says "their own". A patron of school A does not exist at school B's desk.
 */
const deskMatrix: Record<string, string> = {
  //                                                 sys dept adminA libA teachA studA libB adminB anon
  'lend a copy of school A to a reader of A': 'Y Y Y Y F F F F U',
  'take back a copy of school A': 'Y Y Y Y F F F F U',
  "change school A's loan rules": 'Y Y Y Y F F F F U',
  "see a reader of A's loans": 'Y Y Y Y N N N N U',
  "see studentA's own loans": 'Y Y Y Y N Y N N U',
  "see a reader of A's loans at school B's desk": 'N N N N N N N N U',
  "renew studentA's loan": 'Y Y Y Y N Y N N U',
  'place a hold on a title of A for studentA': 'Y Y Y Y F Y F F U',
};

describe('Authorisation matrix: the desk of one school, its patrons out of another school’s reach', function () {
  this.timeout(300_000);
  let server: TestServer;
  let world: { department: Organisation; schoolA: Organisation; schoolB: Organisation };
  const clients = {} as Record<LibraryWho, Client>;
  let librarianA: Actor;
  let readerId = '';
  let studentId = '';
  let titleId = '';
  const batch = { date: '2025-09-05', source: 'purchase' as const, supplier: null, documentNumber: null, note: null };

  async function lentCopy(patronId: string): Promise<{ barcode: string; loanId: string }> {
    const { copies, circulation } = testContext().services;
    const { copies: added } = await copies.add(librarianA, titleId, {
      orgId: world.schoolA.id,
      collection: 'TK',
      location: 'KHO',
      numbering: { count: 1 },
      batch,
      price: null,
      volume: null,
      note: null,
    });
    const { loan } = await circulation.checkOut(librarianA, world.schoolA.id, {
      patronId,
      barcode: added[0]!.barcode,
    });
    return { barcode: added[0]!.barcode, loanId: loan.id };
  }

  before(async () => {
    server = await startTestServer();
    world = await province();
    const everyone = await signedInEveryone(server.url, schoolAccounts(world));
    Object.assign(clients, everyone.clients);
    librarianA = everyone.actors.librarianA!;
    studentId = everyone.actors.studentA!.personId!;
    readerId = (await person([{ org: world.schoolA, role: 'student' }], 'readerA')).id;
    titleId = (await printedTitle(librarianA, world.schoolA, { metadata: { title: 'Ma trận quầy mượn' } })).id;
    // Many readers borrow in this table: the rule lets them, so that only authorisation decides.
    const { circulationSettings } = testContext().services;
    const rules = await circulationSettings.settingsOf(world.schoolA.id);
    await circulationSettings.update(librarianA, world.schoolA.id, 0, {
      ...rules,
      rules: rules.rules.map((r) => ({ ...r, maxItems: 500 })),
    });
  });
  after(() => server.close());

  it('lend, take back, rules, loans, renewals, holds: by role and school', async () => {
    expect(await mismatches(deskMatrix, libraryPeople, attemptDesk)).to.deep.equal([]);
  });

  async function attemptDesk(action: string, who: LibraryWho): Promise<string> {
    const client = clients[who];
    const desk = (orgId: string) => `/api/v1/library/organisations/${orgId}`;
    let res: Response;
    switch (action) {
      case 'lend a copy of school A to a reader of A': {
        const { copies } = testContext().services;
        const { copies: added } = await copies.add(librarianA, titleId, {
          orgId: world.schoolA.id,
          collection: 'TK',
          location: 'KHO',
          numbering: { count: 1 },
          batch,
          price: null,
          volume: null,
          note: null,
        });
        res = await client.post(`${desk(world.schoolA.id)}/checkouts`, {
          patronId: readerId,
          barcode: added[0]!.barcode,
        });
        break;
      }
      case 'take back a copy of school A':
        res = await client.post(`${desk(world.schoolA.id)}/returns`, { barcode: (await lentCopy(readerId)).barcode });
        break;
      case "change school A's loan rules": {
        const current = await testContext().services.circulationSettings.settingsOf(world.schoolA.id);
        const { orgId: _orgId, ...body } = current;
        res = await client.put(`${desk(world.schoolA.id)}/circulation-settings`, body);
        break;
      }
      case "see a reader of A's loans":
        res = await client.get(`${desk(world.schoolA.id)}/patrons/${readerId}/loans`);
        break;
      case "see studentA's own loans":
        res = await client.get(`${desk(world.schoolA.id)}/patrons/${studentId}/loans`);
        break;
      case "see a reader of A's loans at school B's desk":
        res = await client.get(`${desk(world.schoolB.id)}/patrons/${readerId}/loans`);
        break;
      case "renew studentA's loan":
        res = await client.post(`/api/v1/loans/${(await lentCopy(studentId)).loanId}/renew`, {});
        break;
      case 'place a hold on a title of A for studentA': {
        res = await client.post(`${desk(world.schoolA.id)}/holds`, { resourceId: titleId, patronId: studentId });
        const { holds } = testContext().services;
        for (const h of await holds.queue(world.schoolA.id, titleId)) await holds.cancel(librarianA, h.id);
        break;
      }
      default:
        throw new Error(`no way to attempt ${action}`);
    }
    return letterOf(res.status);
  }
});

/**
 * Students' classes (issue 15): a school's classes, its class-list drafts, the new school year and the
 * overdue list per class are its desk's. A draft of school A is not found at school B's address.
 */
const classMatrix: Record<string, string> = {
  //                                                 sys dept adminA libA teachA studA libB adminB anon
  "see school A's classes": 'Y Y Y Y F F F F R',
  "see school A's new-year plan": 'Y Y Y Y F F F F R',
  "see school A's overdue list by class (API)": 'Y Y Y Y F F F F U',
  "print school A's reminder slips": 'Y Y Y Y F F F F R',
  "open school A's class-list draft": 'Y Y Y Y F F F F R',
  "open school A's class-list draft at school B's address": 'N N F F F F N N R',
};

describe('Authorisation matrix: a school’s classes and class lists, out of another school’s reach', function () {
  this.timeout(300_000);
  let server: TestServer;
  let world: { department: Organisation; schoolA: Organisation; schoolB: Organisation };
  const clients = {} as Record<LibraryWho, Client>;
  let draftId = '';

  before(async () => {
    server = await startTestServer();
    world = await province();
    const everyone = await signedInEveryone(server.url, schoolAccounts(world));
    Object.assign(clients, everyone.clients);
    const csv = Buffer.from('Mã học sinh,Họ và tên,Lớp\nMT01,Ma Trận,10A1\n');
    draftId = await testContext().services.classLists.upload(
      everyone.actors.librarianA!,
      world.schoolA.id,
      '2026-2027',
      'lop.csv',
      csv,
    );
  });
  after(() => server.close());

  it('classes, drafts, the new year, overdues by class and slips: by role and school', async () => {
    expect(await mismatches(classMatrix, libraryPeople, attemptClasses)).to.deep.equal([]);
  });

  async function attemptClasses(action: string, who: LibraryWho): Promise<string> {
    const client = clients[who];
    const school = (orgId: string) => `/library/schools/${orgId}`;
    const paths: Record<string, string> = {
      "see school A's classes": `${school(world.schoolA.id)}/classes`,
      "see school A's new-year plan": `${school(world.schoolA.id)}/classes/promotion?year=2026-2027`,
      "see school A's overdue list by class (API)": `/api/v1/library/organisations/${world.schoolA.id}/overdues/by-class`,
      "print school A's reminder slips": `${school(world.schoolA.id)}/overdues/slips.pdf`,
      "open school A's class-list draft": `${school(world.schoolA.id)}/classes/import/${draftId}`,
      "open school A's class-list draft at school B's address": `${school(world.schoolB.id)}/classes/import/${draftId}`,
    };
    const path = paths[action];
    if (!path) throw new Error(`no way to attempt ${action}`);
    const res = await client.get(path);
    return letterOf(res.status);
  }
});

const interLibraryMatrix: Record<string, string> = {
  //                                                        sys dept adminA libA teachA studA libB adminB anon
  'ask school B for its title, to borrow at school A': 'F F F Y Y Y F F U',
  "see studentA's request to school B": 'Y Y Y Y N Y Y Y U',
  "list school B's incoming requests": 'Y Y F F F F Y Y U',
  "send a copy of B for studentA's request": 'Y Y F F N F Y Y U',
  "refuse studentA's request at B": 'Y Y F F N F Y Y U',
  'receive at A the copy sent for studentA': 'Y Y Y Y N F F F U',
  "cancel studentA's request": 'Y Y Y Y N Y F F U',
};

describe('Authorisation matrix: inter-library requests between school A (borrowing) and school B (lending)', function () {
  this.timeout(300_000);
  let server: TestServer;
  let world: { department: Organisation; schoolA: Organisation; schoolB: Organisation };
  const clients = {} as Record<LibraryWho, Client>;
  let librarianB: Actor;
  let studentA: Actor;
  let housekeeper: Actor;
  let titleId = '';
  const batch = { date: '2025-09-05', source: 'purchase' as const, supplier: null, documentNumber: null, note: null };

  async function copyOfB(): Promise<string> {
    const { copies } = await testContext().services.copies.add(librarianB, titleId, {
      orgId: world.schoolB.id,
      collection: 'TK',
      location: 'KHO',
      numbering: { count: 1 },
      batch,
      price: null,
      volume: null,
      note: null,
    });
    return copies[0]!.barcode;
  }

  /** A fresh request of studentA to school B, taken as far as `status`. */
  async function requestIn(status: 'requested' | 'sent'): Promise<string> {
    await closeOpenRequests();
    const { interLibrary } = testContext().services;
    const request = await interLibrary.request(studentA, {
      resourceId: titleId,
      borrowingOrgId: world.schoolA.id,
      lendingOrgId: world.schoolB.id,
      note: null,
    });
    if (status === 'sent') await interLibrary.send(librarianB, request.id, await copyOfB());
    return request.id;
  }

  /** Every open request of school A's readers ends (each asks for the same title, one open at a time). */
  async function closeOpenRequests(): Promise<void> {
    const { interLibrary } = testContext().services;
    for (const r of await interLibrary.ofSchool(housekeeper, world.schoolA.id, 'borrowing')) {
      if (r.status === 'requested') await interLibrary.refuse(housekeeper, r.id, 'dọn bảng');
      if (r.status === 'sent') await interLibrary.receive(housekeeper, r.id);
      if (r.status === 'sent' || r.status === 'received') await interLibrary.returned(housekeeper, r.id);
    }
  }

  before(async () => {
    server = await startTestServer();
    world = await province();
    const everyone = await signedInEveryone(server.url, schoolAccounts(world));
    Object.assign(clients, everyone.clients);
    librarianB = everyone.actors.librarianB!;
    studentA = everyone.actors.studentA!;
    housekeeper = await system();
    titleId = (await printedTitle(librarianB, world.schoolB, { metadata: { title: 'Ma trận liên thư viện' } })).id;
    await copyOfB();
  });
  after(() => server.close());

  it('ask, see, list, send, refuse, receive, cancel: by role and school', async () => {
    expect(await mismatches(interLibraryMatrix, libraryPeople, attempt)).to.deep.equal([]);
  });

  async function attempt(action: string, who: LibraryWho): Promise<string> {
    const client = clients[who];
    const base = '/api/v1/inter-library-requests';
    let res: Response;
    switch (action) {
      case 'ask school B for its title, to borrow at school A': {
        res = await client.post(base, {
          resourceId: titleId,
          borrowingOrgId: world.schoolA.id,
          lendingOrgId: world.schoolB.id,
        });
        if (res.status === 201) await closeOpenRequests();
        break;
      }
      case "see studentA's request to school B":
        res = await client.get(`${base}/${await requestIn('requested')}`);
        break;
      case "list school B's incoming requests":
        res = await client.get(`/api/v1/library/organisations/${world.schoolB.id}/inter-library-requests`);
        break;
      case "send a copy of B for studentA's request":
        res = await client.post(`${base}/${await requestIn('requested')}/send`, { barcode: await copyOfB() });
        break;
      case "refuse studentA's request at B":
        res = await client.post(`${base}/${await requestIn('requested')}/refuse`, { reason: 'Sách đang ôn thi' });
        break;
      case 'receive at A the copy sent for studentA':
        res = await client.post(`${base}/${await requestIn('sent')}/receive`, {});
        break;
      case "cancel studentA's request":
        res = await client.post(`${base}/${await requestIn('requested')}/cancel`, { reason: 'Không cần nữa' });
        break;
      default:
        throw new Error(`no way to attempt ${action}`);
    }
    return letterOf(res.status);
  }
});

/**
 * Stocktaking (issue 15): a school's sessions are its librarians' and admins' (and those above);
 * its teachers are refused; another school's staff and the students do not learn a session exists.
 */
const stocktakingMatrix: Record<string, string> = {
  //                                                 sys dept adminA libA teachA studA libB adminB anon
  'open a stocktaking session in school A': 'Y Y Y Y F N N N U',
  'scan in a session of school A': 'Y Y Y Y F N N N U',
  "see a school-A session's result": 'Y Y Y Y F N N N U',
  "print a school-A session's record": 'Y Y Y Y F N N N R',
  'close a session of school A': 'Y Y Y Y F N N N U',
  'write off a copy a school-A session missed': 'Y Y Y Y F N N N U',
};

describe('Authorisation matrix: stocktaking sessions of one school, out of another school’s reach', function () {
  this.timeout(300_000);
  let server: TestServer;
  let world: { department: Organisation; schoolA: Organisation; schoolB: Organisation };
  const clients = {} as Record<LibraryWho, Client>;
  let librarianA: Actor;
  let titleId = '';
  let openSession = '';

  const addCopy = async (location: string) => {
    const { copies } = await testContext().services.copies.add(librarianA, titleId, {
      orgId: world.schoolA.id,
      collection: 'TK',
      location,
      numbering: { count: 1 },
      batch: { date: '2025-09-05', source: 'purchase', supplier: null, documentNumber: null, note: null },
      price: null,
      volume: null,
      note: null,
    });
    return copies[0]!;
  };
  const session = (location: string | null) =>
    testContext().services.stocktaking.open(librarianA, world.schoolA.id, { name: 'Ma trận kiểm kê', location });

  before(async () => {
    server = await startTestServer();
    world = await province();
    const everyone = await signedInEveryone(server.url, schoolAccounts(world));
    Object.assign(clients, everyone.clients);
    librarianA = everyone.actors.librarianA!;
    titleId = (await printedTitle(librarianA, world.schoolA, { metadata: { title: 'Ma trận kiểm kê' } })).id;
    await addCopy('KHO');
    openSession = (await session('KHO')).id;
  });
  after(() => server.close());

  it('open, scan, result, record, close, write off: by role and school', async () => {
    expect(await mismatches(stocktakingMatrix, libraryPeople, attemptStocktaking)).to.deep.equal([]);
  });

  async function attemptStocktaking(action: string, who: LibraryWho): Promise<string> {
    const client = clients[who];
    const api = '/api/v1/library/stocktaking';
    let res: Response;
    switch (action) {
      case 'open a stocktaking session in school A':
        res = await client.post(`/api/v1/library/organisations/${world.schoolA.id}/stocktaking`, { name: 'Đợt thử' });
        break;
      case 'scan in a session of school A':
        res = await client.post(`${api}/${openSession}/scans`, { code: 'TK-00001' });
        break;
      case "see a school-A session's result":
        res = await client.get(`${api}/${openSession}`);
        break;
      case "print a school-A session's record":
        res = await client.get(`/library/stocktaking/${openSession}/record.pdf`);
        break;
      case 'close a session of school A': {
        const fresh = await session(null);
        res = await client.post(`${api}/${fresh.id}/close`, { version: fresh.version });
        break;
      }
      case 'write off a copy a school-A session missed': {
        const copy = await addCopy('PD');
        const fresh = await session('PD');
        await testContext().services.stocktaking.close(librarianA, fresh.id, fresh.version);
        res = await client.post(`${api}/${fresh.id}/write-off`, { copyIds: [copy.id] });
        break;
      }
      default:
        throw new Error(`no way to attempt ${action}`);
    }
    return letterOf(res.status);
  }
});

/**
 * Library statistics, the department overview and the sector export (issue 15): a school sees its
 * own, the department all its schools, nobody another department's. `otherDept` administers another
 * department. "L" is a list of indicators answered without school A in it.
 */
const statsPeople = [...libraryPeople.slice(0, -1), 'otherDept', 'anonymous'] as const;
type StatsWho = (typeof statsPeople)[number];
const statsMatrix: Record<string, string> = {
  //                                                     sys dept adminA libA teachA studA libB adminB other anon
  "see school A's library dashboard": 'Y Y Y Y F F F F F R',
  "see the department's overview of its schools": 'Y Y F F F F F F F R',
  "download the department's yearly workbook": 'Y Y F F F F F F F R',
  "read school A's indicators through the API": 'Y Y Y Y F F F F F U',
  'find school A in the indicators list': 'Y Y Y Y L L L L L U',
};

describe('Authorisation matrix: library statistics and the sector export, a department’s schools out of another’s reach', function () {
  this.timeout(300_000);
  let server: TestServer;
  let world: { department: Organisation; schoolA: Organisation; schoolB: Organisation };
  const clients = {} as Record<StatsWho, Client>;

  before(async () => {
    server = await startTestServer();
    world = await province();
    const elsewhere = await organisation('Sở GD&ĐT khác', null, 'department');
    const everyone = await signedInEveryone(server.url, {
      ...schoolAccounts(world),
      otherDept: [{ org: elsewhere, role: 'org_admin' }],
    });
    Object.assign(clients, everyone.clients);
  });
  after(() => server.close());

  it('dashboard, overview, workbook, indicators: by role, school and department', async () => {
    expect(await mismatches(statsMatrix, statsPeople, attemptStats)).to.deep.equal([]);
  });

  async function attemptStats(action: string, who: StatsWho): Promise<string> {
    const client = clients[who];
    let res: Response;
    switch (action) {
      case "see school A's library dashboard":
        res = await client.get(`/library/schools/${world.schoolA.id}/statistics`);
        break;
      case "see the department's overview of its schools":
        res = await client.get(`/library/organisations/${world.department.id}/overview`);
        break;
      case "download the department's yearly workbook":
        res = await client.get(`/library/organisations/${world.department.id}/overview.xlsx`);
        break;
      case "read school A's indicators through the API":
        res = await client.get(`/api/v1/library/organisations/${world.schoolA.id}/indicators`);
        break;
      case 'find school A in the indicators list': {
        res = await client.get('/api/v1/library/indicators');
        if (res.status !== 200) break;
        const { items } = (await res.json()) as { items: { schoolId: string }[] };
        return items.some((i) => i.schoolId === world.schoolA.id) ? 'Y' : 'L';
      }
      default:
        throw new Error(`no way to attempt ${action}`);
    }
    return letterOf(res.status);
  }
});

/**
 * Imports, exports and copy cataloguing of the printed collection (issue 14), through the pages a
 * librarian uses: only those who catalogue for school A import into it, follow its imports, export
 * its catalogue or copy titles into it; another school's import is "not found". A page that
 * answers with a redirect to the work done counts as allowed (Y); to the sign-in page, as R.
 */
const importMatrix: Record<string, string> = {
  //                                                 sys dept adminA libA teachA studA libB adminB anon
  "open school A's import page": 'Y Y Y Y F F F F R',
  'upload a book list into school A': 'Y Y Y Y F F F F R',
  "choose the columns of school A's book list": 'Y Y Y Y N N N N R',
  "start school A's book list import": 'Y Y Y Y N N N N R',
  "follow school A's import and see its result": 'Y Y Y Y N N N N R',
  "download the result of school A's import as XLSX": 'Y Y Y Y N N N N R',
  "export school A's catalogue as MARC21": 'Y Y Y Y F F F F R',
  'copy cataloguing by ISBN for school A': 'Y Y Y Y F F F F R',
};

describe('Authorisation matrix: imports, exports and copy cataloguing of one school', function () {
  this.timeout(300_000);
  let server: TestServer;
  let world: { department: Organisation; schoolA: Organisation; schoolB: Organisation };
  const clients = {} as Record<LibraryWho, Client>;
  let librarianA: Actor;
  let finishedJobId = '';
  const options = { collection: 'TK', location: 'KHO', scope: 'public' as const, source: 'donation' as const };
  const bookList = () => Buffer.from(`Nhan đề,Số lượng\r\n"Ma trận nhập ${Date.now()}",1\r\n`, 'utf8');

  /** A book list of school A waiting for its columns to be chosen, and then to be started. */
  async function draftOfA(previewed: boolean): Promise<string> {
    const { imports } = testContext().services;
    const job = await imports.start(librarianA, world.schoolA.id, { fileName: 'ds.csv', bytes: bookList(), options });
    if (!previewed) return job.id;
    const choice = await imports.columnsOf(librarianA, job.id, null);
    await imports.preview(librarianA, job.id, choice.table.sheet, choice.columns);
    return job.id;
  }

  before(async () => {
    server = await startTestServer();
    world = await province();
    const everyone = await signedInEveryone(server.url, schoolAccounts(world));
    Object.assign(clients, everyone.clients);
    librarianA = everyone.actors.librarianA!;
    const { imports } = testContext().services;
    imports.worker.start(200);
    finishedJobId = await draftOfA(true);
    await imports.queue(librarianA, finishedJobId);
    for (let waited = 0; (await imports.load(librarianA, finishedJobId)).status !== 'done'; waited += 100) {
      if (waited > 120_000) throw new Error('the import did not finish');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  });
  after(async () => {
    await testContext().services.imports.worker.stop();
    await server.close();
  });

  it('import, follow, export, copy cataloguing: by role and school', async () => {
    expect(await mismatches(importMatrix, libraryPeople, attemptImport)).to.deep.equal([]);
  });

  /** The upload form, posted as a browser posts it (multipart). */
  function upload(client: Client, orgId: string): Promise<Response> {
    const form = new FormData();
    for (const [k, v] of Object.entries(options)) form.append(k, v);
    form.append('file', new Blob([new Uint8Array(bookList())]), 'ds.csv');
    return fetch(`${server.url}/library/schools/${orgId}/imports`, {
      method: 'POST',
      body: form,
      headers: client.authHeaders(),
      redirect: 'manual',
    });
  }

  async function attemptImport(action: string, who: LibraryWho): Promise<string> {
    const client = clients[who];
    const school = `/library/schools/${world.schoolA.id}`;
    let res: Response;
    switch (action) {
      case "open school A's import page":
        res = await client.get(`${school}/imports`);
        break;
      case 'upload a book list into school A':
        res = await upload(client, world.schoolA.id);
        break;
      case "choose the columns of school A's book list":
        res = await client.get(`/library/imports/${await draftOfA(false)}/columns`);
        break;
      case "start school A's book list import":
        res = await client.request('POST', `/library/imports/${await draftOfA(true)}/start`, { form: {} });
        break;
      case "follow school A's import and see its result":
        res = await client.get(`/library/imports/${finishedJobId}`);
        break;
      case "download the result of school A's import as XLSX":
        res = await client.get(`/library/imports/${finishedJobId}/result.xlsx`);
        break;
      case "export school A's catalogue as MARC21":
        res = await client.get(`${school}/export?format=marc21`);
        break;
      case 'copy cataloguing by ISBN for school A':
        res = await client.get(`${school}/copy-cataloguing?isbn=9786040251732`);
        break;
      default:
        throw new Error(`no way to attempt ${action}`);
    }
    return pageLetter(res);
  }
});

const interLibraryPageMatrix: Record<string, string> = {
  //                                                               sys dept adminA libA teachA studA libB adminB anon
  "open school B's incoming inter-library page": 'Y Y F F F F Y Y R',
  "open school A's outgoing inter-library page": 'Y Y Y Y F F F F R',
  "send from school B's page a copy for studentA's request": 'Y Y F F N F Y Y R',
  "refuse studentA's request on school B's page": 'Y Y F F N F Y Y R',
  "receive on school A's page the copy sent for studentA": 'Y Y Y Y N F F F R',
};

describe('Authorisation matrix: the librarians’ inter-library pages of school A (borrowing) and B (lending)', function () {
  this.timeout(300_000);
  let server: TestServer;
  let world: { department: Organisation; schoolA: Organisation; schoolB: Organisation };
  const clients = {} as Record<LibraryWho, Client>;
  let librarianB: Actor;
  let studentA: Actor;
  let housekeeper: Actor;
  let titleId = '';

  const copyOfB = async () => (await addPrintedCopies(librarianB, world.schoolB.id, titleId, 1))[0]!.barcode;

  /** A fresh request of studentA to school B, taken as far as `status`; the open ones before it closed. */
  async function requestIn(status: 'requested' | 'sent'): Promise<string> {
    const { interLibrary } = testContext().services;
    for (const r of await interLibrary.ofSchool(housekeeper, world.schoolA.id, 'borrowing')) {
      if (r.status === 'requested') await interLibrary.refuse(housekeeper, r.id, 'dọn bảng');
      if (r.status === 'sent') await interLibrary.receive(housekeeper, r.id);
      if (r.status === 'sent' || r.status === 'received') await interLibrary.returned(housekeeper, r.id);
    }
    const request = await interLibrary.request(studentA, {
      resourceId: titleId,
      borrowingOrgId: world.schoolA.id,
      lendingOrgId: world.schoolB.id,
      note: null,
    });
    if (status === 'sent') await interLibrary.send(librarianB, request.id, await copyOfB());
    return request.id;
  }

  before(async () => {
    server = await startTestServer();
    world = await province();
    const everyone = await signedInEveryone(server.url, schoolAccounts(world));
    Object.assign(clients, everyone.clients);
    librarianB = everyone.actors.librarianB!;
    studentA = everyone.actors.studentA!;
    housekeeper = await system();
    titleId = (await printedTitle(librarianB, world.schoolB, { metadata: { title: 'Ma trận trang liên thư viện' } }))
      .id;
    await copyOfB();
  });
  after(() => server.close());

  it('open, send, refuse, receive on the pages: by role and school', async () => {
    expect(await mismatches(interLibraryPageMatrix, libraryPeople, attempt)).to.deep.equal([]);
  });

  async function attempt(action: string, who: LibraryWho): Promise<string> {
    const client = clients[who];
    const page = (org: Organisation) => `/library/schools/${org.id}/inter-library`;
    const post = (path: string, form: Record<string, string>) => client.request('POST', path, { form });
    let res: Response;
    switch (action) {
      case "open school B's incoming inter-library page":
        res = await client.get(page(world.schoolB));
        break;
      case "open school A's outgoing inter-library page":
        res = await client.get(`${page(world.schoolA)}?side=outgoing`);
        break;
      case "send from school B's page a copy for studentA's request":
        res = await post(`${page(world.schoolB)}/${await requestIn('requested')}/send`, { barcode: await copyOfB() });
        break;
      case "refuse studentA's request on school B's page":
        res = await post(`${page(world.schoolB)}/${await requestIn('requested')}/refuse`, { reason: 'Đang ôn thi' });
        break;
      case "receive on school A's page the copy sent for studentA":
        res = await post(`${page(world.schoolA)}/${await requestIn('sent')}/receive`, { side: 'outgoing' });
        break;
      default:
        throw new Error(`no way to attempt ${action}`);
    }
    return pageLetter(res);
  }
});

/**
 * The librarian's pages of the desk (issue 15, desk3): a school's circulation settings page (seen
 * and saved by those who manage the school's desk only). R: the anonymous are sent to sign in.
 */
const deskPagesMatrix: Record<string, string> = {
  //                                                 sys dept adminA libA teachA studA libB adminB anon
  "see school A's circulation settings page": 'Y Y Y Y F F F F R',
  "save school A's circulation settings page": 'Y Y Y Y F F F F R',
  // Lost and damaged at the desk, fines (API): U is the API's 401.
  'take back a loan of school A as damaged': 'Y Y Y Y F F F F U',
  'record a fine of school A as paid': 'Y Y Y Y F F F F U',
  "see a reader of A's fines and replacements": 'Y Y Y Y N N N N U',
  "open a reader of A's page at the desk": 'Y Y Y Y F F F F R',
  // A replacement of a lost copy received as a new copy (desk5): adds a copy and withdraws one.
  'receive a replacement of A as a new copy': 'Y Y Y Y F F F F U',
};

describe('Authorisation matrix: the desk’s pages for librarians, out of another school’s reach', function () {
  this.timeout(300_000);
  let server: TestServer;
  let world: { department: Organisation; schoolA: Organisation; schoolB: Organisation };
  const clients = {} as Record<LibraryWho, Client>;

  before(async () => {
    server = await startTestServer();
    world = await province();
    const everyone = await signedInEveryone(server.url, schoolAccounts(world));
    Object.assign(clients, everyone.clients);
    librarianA = everyone.actors.librarianA!;
    readerId = (await person([{ org: world.schoolA, role: 'student' }], 'readerA')).id;
    titleId = (await printedTitle(librarianA, world.schoolA, { metadata: { title: 'Ma trận tiền phạt' } })).id;
    const { circulationSettings } = testContext().services;
    const rules = await circulationSettings.settingsOf(world.schoolA.id);
    await circulationSettings.update(librarianA, world.schoolA.id, 0, {
      ...rules,
      rules: rules.rules.map((r) => ({ ...r, maxItems: 500 })),
      fines: { enabled: true, perDay: 1000 },
    });
  });
  after(() => server.close());

  let librarianA: Actor;
  let readerId = '';
  let titleId = '';

  /** A loan of a new copy of school A to the reader, made `daysAgo` days ago. */
  async function loanOfA(daysAgo: number) {
    const { copies, circulation } = testContext().services;
    const batch = { date: '2025-09-05', source: 'purchase' as const, supplier: null, documentNumber: null, note: null };
    const fields = { collection: 'TK', location: 'KHO', batch, price: null, volume: null, note: null };
    const added = await copies.add(librarianA, titleId, {
      orgId: world.schoolA.id,
      numbering: { count: 1 },
      ...fields,
    });
    const lent = await circulation.checkOut(
      librarianA,
      world.schoolA.id,
      { patronId: readerId, barcode: added.copies[0]!.barcode },
      new Date(Date.now() - daysAgo * 86_400_000),
    );
    return { loanId: lent.loan.id, barcode: added.copies[0]!.barcode };
  }

  it('circulation settings, lost and damaged, fines, a patron’s page: by role and school', async () => {
    expect(await mismatches(deskPagesMatrix, libraryPeople, attemptDeskPage)).to.deep.equal([]);
  });

  async function attemptDeskPage(action: string, who: LibraryWho): Promise<string> {
    const client = clients[who];
    const school = `/library/schools/${world.schoolA.id}`;
    let res: Response;
    switch (action) {
      case "see school A's circulation settings page":
        res = await client.get(`${school}/circulation`);
        break;
      case "save school A's circulation settings page": {
        const current = await testContext().services.circulationSettings.settingsOf(world.schoolA.id);
        const form = Object.entries(circulationValuesOf(current)).flatMap(([k, v]) =>
          (Array.isArray(v) ? v : [v]).map((one) => [k, String(one)] as [string, string]),
        );
        res = await client.request('POST', `${school}/circulation`, {
          form: [...form, ['version', String(current.version)]],
        });
        break;
      }
      case 'take back a loan of school A as damaged':
        res = await client.post(`/api/v1/loans/${(await loanOfA(0)).loanId}/return`, { damaged: true, note: 'Ướt' });
        break;
      case 'record a fine of school A as paid': {
        const late = await loanOfA(30);
        const back = await testContext().services.circulation.checkIn(librarianA, world.schoolA.id, late.barcode);
        res = await client.post(`/api/v1/desk-charges/${back.fine!.id}/settle`, { status: 'paid' });
        break;
      }
      case "open a reader of A's page at the desk":
        res = await client.get(`/library/schools/${world.schoolA.id}/patrons/${readerId}`);
        break;
      case "see a reader of A's fines and replacements":
        res = await client.get(`/api/v1/library/organisations/${world.schoolA.id}/patrons/${readerId}/charges`);
        break;
      case 'receive a replacement of A as a new copy': {
        const lost = await testContext().services.deskCharges.declareLost(librarianA, (await loanOfA(0)).loanId, null);
        res = await client.post(`/api/v1/desk-charges/${lost.replacement!.id}/settle`, {
          status: 'received',
          replacementAs: 'new_copy',
        });
        break;
      }
      default:
        throw new Error(`no way to attempt ${action}`);
    }
    return pageLetter(res);
  }
});

/**
 * A school's class list for a year (issue 15, classes2): kept by its desk (the people who manage its
 * classes); another school's librarian and a student are refused, whether reading or changing it.
 */
const classListMatrix: Record<string, string> = {
  //                                                 sys dept adminA libA teachA studA libB adminB anon
  "see school A's class list": 'Y Y Y Y F F F F R',
  "add a class to school A's list": 'Y Y Y Y F F F F R',
  "rename a class of school A's list": 'Y Y Y Y F F F F R',
  "remove an empty class from school A's list": 'Y Y Y Y F F F F R',
  "copy last year's class list into school A": 'Y Y Y Y F F F F R',
};

describe('Authorisation matrix: a school’s class list for a year', function () {
  this.timeout(300_000);
  const year = '2036-2037';
  let server: TestServer;
  let world: { department: Organisation; schoolA: Organisation; schoolB: Organisation };
  const clients = {} as Record<LibraryWho, Client>;

  before(async () => {
    server = await startTestServer();
    world = await province();
    const everyone = await signedInEveryone(server.url, schoolAccounts(world));
    Object.assign(clients, everyone.clients);
    const lists = testContext().services.classListDefinitions;
    const librarian = everyone.actors.librarianA!;
    await lists.add(librarian, world.schoolA.id, '2035-2036', { className: '6A' });
    for (const [i] of libraryPeople.entries()) {
      await lists.add(librarian, world.schoolA.id, year, { className: `10R${i}` });
      await lists.add(librarian, world.schoolA.id, year, { className: `10D${i}` });
    }
  });
  after(() => server.close());

  it('the class list page and its forms: by role and school', async () => {
    expect(await mismatches(classListMatrix, libraryPeople, attemptClassList)).to.deep.equal([]);
  });

  async function attemptClassList(action: string, who: LibraryWho, i: number): Promise<string> {
    const client = clients[who];
    const list = `/library/schools/${world.schoolA.id}/classes/list`;
    const send = (path: string, form: Record<string, string>) =>
      client.request('POST', `${list}${path}`, { form: { year, ...form } });
    const attempts: Record<string, () => Promise<Response>> = {
      "see school A's class list": () => client.get(`${list}?year=${year}`),
      "add a class to school A's list": () => send('', { className: `11N${i}` }),
      "rename a class of school A's list": () => send('/change', { original: `10R${i}`, className: `10S${i}` }),
      "remove an empty class from school A's list": () => send('/remove', { className: `10D${i}` }),
      "copy last year's class list into school A": () => send('/copy', {}),
    };
    const res = await attempts[action]!();
    return pageLetter(res);
  }
});
