import { expect } from 'chai';
import { OpenApiCheck } from '../api/openApiCheck.js';
import { startTestServer, testContext, type TestServer } from '../../support/context.js';
import { signedIn, type Client } from '../../support/client.js';
import { metadata, person, printEdition, province, type TestPerson } from '../../support/fixtures.js';

interface ErrorBody {
  error: { code: string; message: string; fields?: { field: string; message: string }[]; currentVersion?: number };
}
interface CopyBody {
  id: string;
  version: number;
  accessionNumber: string;
  barcode: string;
  status: { code: string; label: string };
  history: { action: string; from: string | null; to: string | null }[];
}
interface TitleBody {
  id: string;
  printed: boolean;
  print: {
    callNumber: string;
    authorMark: string;
    isbns: { value: string; invalid: boolean }[];
    classification: { path: { notation: string; caption: string }[] };
  };
}

const donation = { date: '2025-09-05', source: 'donation', supplier: 'Hội cha mẹ học sinh', documentNumber: 'BB-07' };

describe('API: printed titles, copies, accession numbers', function () {
  this.timeout(300_000);
  let server: TestServer;
  let check: OpenApiCheck;
  let world: Awaited<ReturnType<typeof province>>;
  let librarian: TestPerson;
  let desk: Client;

  const catalogue = async (client: Client, title: string, print = printEdition()) => {
    const res = await client.post('/api/v1/resources', {
      orgId: world.schoolA.id,
      scope: 'public',
      publish: true,
      metadata: metadata({
        title,
        creators: ['Tô Hoài'],
        type: 'sach-in',
        subject: 'ngu-van',
        licence: 'all-rights-reserved',
      }),
      print,
    });
    return { res, body: (await res.json()) as TitleBody & ErrorBody };
  };

  before(async () => {
    server = await startTestServer();
    check = new OpenApiCheck((await (await fetch(`${server.url}/api/v1/openapi.json`)).json()) as never);
    world = await province();
    librarian = await person([{ org: world.schoolA, role: 'librarian' }], 'Cô Thư');
    desk = await signedIn(server.url, librarian);
  });
  after(() => server.close());

  it('catalogues a printed title: call number from DDC class and the computed author mark; a wrong ISBN check digit is flagged', async () => {
    const bad = await catalogue(
      desk,
      'Dế Mèn phiêu lưu ký',
      printEdition({ isbns: [{ value: '978-604-0-25173-5', qualifier: null, invalid: false }] }),
    );
    expect(bad.res.status, JSON.stringify(bad.body)).to.equal(400);
    check.answer('POST', '/resources', 400, bad.body);
    expect(bad.body.error.fields, JSON.stringify(bad.body.error.fields)).to.deep.include({
      field: 'print.isbns.0.value',
      message:
        'ISBN 978-604-0-25173-5 sai chữ số kiểm tra (đúng ra là 2). Nếu sách in đúng như vậy, hãy đánh dấu “ISBN in sai trên sách”.',
    });
    const kept = await catalogue(
      desk,
      'Dế Mèn phiêu lưu ký',
      printEdition({
        isbns: [{ value: '978-604-0-25173-5', qualifier: 'bìa mềm', invalid: true }],
        classification: { scheme: 'ddc', number: '895.9223' },
      }),
    );
    expect(kept.res.status).to.equal(201);
    check.answer('POST', '/resources', 201, kept.body);
    expect(kept.body.printed).to.equal(true);
    expect(kept.body.print.authorMark).to.equal('HOA');
    expect(kept.body.print.callNumber).to.equal('895.9223 HOA');
    expect(kept.body.print.isbns).to.deep.equal([{ value: '9786040251735', qualifier: 'bìa mềm', invalid: true }]);
    expect(kept.body.print.classification.path.map((p) => p.notation)).to.deep.equal([
      '800',
      '890',
      '895.922',
      '895.9223',
    ]);

    const teacher = await signedIn(server.url, await person([{ org: world.schoolA, role: 'teacher' }]));
    expect((await catalogue(teacher, 'Sách của giáo viên')).res.status).to.equal(403);
  });

  it('adds 40 copies in one call, refuses a duplicate number naming the copy, and shows holdings to everyone', async () => {
    const { body: title } = await catalogue(desk, 'Toán 6 – Tập một');
    const res = await desk.post(`/api/v1/resources/${title.id}/copies`, {
      orgId: world.schoolA.id,
      collection: 'SGK',
      location: 'KHO',
      numbering: { count: 40 },
      batch: donation,
      price: 18000,
    });
    expect(res.status).to.equal(201);
    const added = (await res.json()) as {
      batch: { number: number; copyCount: number; totalValue: number };
      copies: CopyBody[];
    };
    check.answer('POST', '/resources/{id}/copies', 201, added);
    expect(added.copies).to.have.length(40);
    expect(added.copies[0]!.accessionNumber).to.equal('SGK-00001');
    expect(added.copies[39]!.barcode).to.equal('SGK-00040');
    expect(added.batch).to.include({ copyCount: 40, totalValue: 720_000 });

    const dup = await desk.post(
      `/api/v1/resources/${title.id}/copies`,
      { orgId: world.schoolA.id, collection: 'SGK', location: 'KHO', numbering: { from: 'sgk 40' }, batch: donation },
      { 'accept-language': 'en' },
    );
    expect(dup.status).to.equal(409);
    const err = (await dup.json()) as ErrorBody;
    check.answer('POST', '/resources/{id}/copies', 409, err);
    expect(err.error.message).to.equal('Accession number SGK-00040 is already used by a copy of “Toán 6 – Tập một”.');

    const holdings = await fetch(`${server.url}/api/v1/resources/${title.id}/holdings`);
    const body = await holdings.json();
    check.answer('GET', '/resources/{id}/holdings', 200, body);
    expect(body).to.deep.equal([
      {
        orgId: world.schoolA.id,
        name: world.schoolA.name,
        total: 40,
        available: 40,
        byStatus: { available: 40, on_loan: 0, held: 0, in_transit: 0, lost: 0, damaged: 0, withdrawn: 0 },
        byLocation: [{ code: 'KHO', label: 'Kho sách', count: 40 }],
      },
    ]);

    const found = await desk.get(`/api/v1/library/organisations/${world.schoolA.id}/copies?barcode=sgk-00007`);
    expect(found.status).to.equal(200);
    const seven = (await found.json()) as CopyBody;
    check.answer('GET', '/library/organisations/{id}/copies', 200, seven);
    expect(seven.accessionNumber).to.equal('SGK-00007');
  });

  it('changes status conditionally (a stale version is refused), withdraws into a record, then freezes the copy', async () => {
    const { body: title } = await catalogue(desk, 'Tiếng Việt 2');
    const added = (await (
      await desk.post(`/api/v1/resources/${title.id}/copies`, {
        orgId: world.schoolA.id,
        collection: 'TK',
        location: 'PD',
        numbering: { count: 1 },
        batch: { ...donation, source: 'purchase' },
        price: 30000,
      })
    ).json()) as { copies: CopyBody[] };
    const id = added.copies[0]!.id;
    const lost = await desk.post(
      `/api/v1/copies/${id}/status`,
      { status: 'lost', note: 'Không thấy trên giá' },
      { 'if-match': '"1"' },
    );
    expect(lost.status).to.equal(200);
    check.answer('POST', '/copies/{id}/status', 200, await lost.json());
    const stale = await desk.post(`/api/v1/copies/${id}/status`, { status: 'damaged', version: 1 });
    expect(stale.status).to.equal(409);
    expect(((await stale.json()) as ErrorBody).error.currentVersion).to.equal(2);
    const impossible = await desk.post(`/api/v1/copies/${id}/status`, { status: 'on_loan', version: 2 });
    expect(impossible.status).to.equal(409);
    expect(((await impossible.json()) as ErrorBody).error.message).to.equal(
      'Không thể chuyển bản sách từ trạng thái “Mất” sang “Đang cho mượn”.',
    );
    const withdrawn = await desk.post(`/api/v1/copies/${id}/withdraw`, {
      version: 2,
      record: { date: '2025-12-15', reason: 'lost', documentNumber: 'BB-TL 01' },
    });
    expect(withdrawn.status).to.equal(200);
    const out = (await withdrawn.json()) as {
      copy: CopyBody;
      record: { number: number; copyCount: number; totalValue: number };
    };
    check.answer('POST', '/copies/{id}/withdraw', 200, out);
    expect(out.copy.status.code).to.equal('withdrawn');
    expect(out.record).to.include({ copyCount: 1, totalValue: 30000 });
    const relabel = await desk.put(`/api/v1/copies/${id}`, { version: 3, barcode: 'MOI-1' });
    expect(relabel.status).to.equal(409);
    expect(((await relabel.json()) as ErrorBody).error.message).to.include('đã thanh lý');
    const records = await desk.get(`/api/v1/library/organisations/${world.schoolA.id}/withdrawal-records`);
    check.answer('GET', '/library/organisations/{id}/withdrawal-records', 200, await records.json());
  });

  it('relabels a copy, refusing a barcode another copy carries', async () => {
    const { body: title } = await catalogue(desk, 'Lịch sử và Địa lí 6');
    const added = (await (
      await desk.post(`/api/v1/resources/${title.id}/copies`, {
        orgId: world.schoolA.id,
        collection: 'NV',
        location: 'KHO',
        numbering: { count: 2 },
        batch: donation,
      })
    ).json()) as { copies: CopyBody[] };
    const [a, b] = added.copies as [CopyBody, CopyBody];
    const taken = await desk.put(`/api/v1/copies/${a.id}`, { version: 1, barcode: b.barcode });
    expect(taken.status).to.equal(409);
    expect(((await taken.json()) as ErrorBody).error.message).to.equal(
      `Mã vạch ${b.barcode} đã được dùng cho bản sách có số ĐKCB ${b.accessionNumber}.`,
    );
    const moved = await desk.put(`/api/v1/copies/${a.id}`, { version: 1, barcode: 'TV-0001', location: 'PD' });
    expect(moved.status).to.equal(200);
    const after = (await moved.json()) as CopyBody;
    check.answer('PUT', '/copies/{id}', 200, after);
    expect(after.history.map((h) => [h.action, h.from, h.to]).slice(1)).to.deep.equal([
      ['relabelled', a.barcode, 'TV-0001'],
      ['moved', 'Kho sách', 'Phòng đọc'],
    ]);
    expect(
      (await desk.get(`/api/v1/library/organisations/${world.schoolA.id}/copies?barcode=${a.barcode}`)).status,
    ).to.equal(404);
    expect(
      (await desk.get(`/api/v1/library/organisations/${world.schoolA.id}/copies?barcode=TV-0001`)).status,
    ).to.equal(200);
  });

  it('keeps settings as data: new collection and location, numbering moved on but never back', async () => {
    const url = `/api/v1/library/organisations/${world.schoolB.id}/settings`;
    const librarianB = await signedIn(server.url, await person([{ org: world.schoolB, role: 'librarian' }]));
    const read = await librarianB.get(url);
    const settings = (await read.json()) as {
      version: number;
      collections: { code: string; nextAccession: string }[];
      locations: unknown[];
      authorMark: unknown;
    };
    check.answer('GET', '/library/organisations/{id}/settings', 200, settings);
    expect(settings.version).to.equal(0);
    expect(settings.collections.map((c) => c.nextAccession)).to.deep.equal([
      'SGK-00001',
      'TK-00001',
      'NV-00001',
      'TN-00001',
    ]);
    const saved = await librarianB.put(url, {
      version: 0,
      classificationScheme: 'ddc',
      authorMark: settings.authorMark,
      collections: [
        ...settings.collections.map(({ code }) => ({ code, name: code, prefix: `${code}-`, width: 5 })),
        { code: 'TRUYEN', name: 'Truyện tranh', nameEn: 'Comics', prefix: 'TT.', width: 4 },
      ],
      locations: [
        ...(settings.locations as object[]),
        { code: 'LOP-6A1', name: 'Thư viện lớp 6A1', kind: 'class_library' },
      ],
    });
    expect(saved.status, await saved.clone().text()).to.equal(200);
    check.answer('PUT', '/library/organisations/{id}/settings', 200, await saved.json());
    const forward = await librarianB.post(`${url}/collections/TRUYEN/next-number`, { nextNumber: 1201 });
    const after = (await forward.json()) as typeof settings;
    expect(after.collections.find((c) => c.code === 'TRUYEN')!.nextAccession).to.equal('TT.1201');
    const back = await librarianB.post(
      `${url}/collections/TRUYEN/next-number`,
      { nextNumber: 5 },
      { 'accept-language': 'en' },
    );
    expect(back.status).to.equal(400);
    expect(((await back.json()) as ErrorBody).error.fields![0]!.message).to.equal(
      'The next number may only go up (it is 1201): accession numbers are never reused.',
    );
    const dropped = await librarianB.put(url, { ...settings, version: 1, collections: [settings.collections[0]] });
    expect(dropped.status).to.equal(400);
    // Another school's librarian cannot change these settings.
    expect((await desk.put(url, { ...settings, version: 1 })).status).to.equal(403);
  });

  it('numbers copies added from several requests at once without duplicates or gaps', async () => {
    const { body: title } = await catalogue(desk, 'Truyện Kiều');
    // Signed in one after another: the sign-in throttle counts a sign-in until it has succeeded, so
    // six at once for one account from one address would reach its limit of five (src/http/routes/auth.ts).
    const clients = [];
    for (let i = 0; i < 6; i++) clients.push(await signedIn(server.url, librarian));
    const answers = await Promise.all(
      clients.map((c, i) =>
        c.post(`/api/v1/resources/${title.id}/copies`, {
          orgId: world.schoolA.id,
          collection: 'TN',
          location: 'KHO',
          numbering: { count: i + 3 },
          batch: donation,
        }),
      ),
    );
    const numbers: string[] = [];
    for (const res of answers) {
      expect(res.status).to.equal(201);
      numbers.push(...((await res.json()) as { copies: CopyBody[] }).copies.map((c) => c.accessionNumber));
    }
    const expected = Array.from({ length: 3 + 4 + 5 + 6 + 7 + 8 }, (_, i) => `TN-${String(i + 1).padStart(5, '0')}`);
    expect([...numbers].sort()).to.deep.equal(expected);
    expect(testContext().services.holdings.summary(title.id)[0]!.total).to.equal(33);
  });

  it('lets at most one of two overlapping ranges typed at the same moment through, and leaves nothing of the other', async () => {
    const { body: title } = await catalogue(desk, 'Đất rừng phương Nam');
    const range = (from: string, to: string) =>
      signedIn(server.url, librarian).then((c) =>
        c.post(`/api/v1/resources/${title.id}/copies`, {
          orgId: world.schoolA.id,
          collection: 'NV',
          location: 'KHO',
          numbering: { from, to },
          batch: donation,
        }),
      );
    const answers = await Promise.all([range('NV-00501', 'NV-00503'), range('NV-00502', 'NV-00504')]);
    const won = answers.filter((r) => r.status === 201);
    expect(won.length).to.be.at.most(1);
    for (const r of answers) expect(r.status).to.be.oneOf([201, 409]);
    const held = testContext().services.holdings.summary(title.id)[0]?.total ?? 0;
    expect(held).to.equal(won.length * 3);
    const numbers = await Promise.all(
      ['NV-00501', 'NV-00502', 'NV-00503', 'NV-00504'].map(async (n) => {
        const res = await desk.get(`/api/v1/library/organisations/${world.schoolA.id}/copies?accession=${n}`);
        return res.status === 200 ? n : null;
      }),
    );
    expect(numbers.filter(Boolean)).to.have.length(held);
  });

  it("names each holding school's locations by that school's own settings (read at once for all)", async () => {
    const { body: title } = await catalogue(desk, 'Dế Mèn phiêu lưu kí');
    // School B's settings (saved above) have a class library; school A keeps the defaults.
    const librarianB = await signedIn(server.url, await person([{ org: world.schoolB, role: 'librarian' }]));
    const add = async (client: Client, orgId: string, location: string, count: number) => {
      const res = await client.post(`/api/v1/resources/${title.id}/copies`, {
        orgId,
        collection: 'TK',
        location,
        numbering: { count },
        batch: donation,
      });
      expect(res.status, await res.clone().text()).to.equal(201);
    };
    await add(desk, world.schoolA.id, 'KHO', 2);
    await add(librarianB, world.schoolB.id, 'LOP-6A1', 3);
    const body = (await (await fetch(`${server.url}/api/v1/resources/${title.id}/holdings`)).json()) as {
      orgId: string;
      total: number;
      byLocation: { code: string; label: string; count: number }[];
    }[];
    check.answer('GET', '/resources/{id}/holdings', 200, body);
    const byOrg = new Map(body.map((h) => [h.orgId, h]));
    expect(byOrg.get(world.schoolA.id)).to.deep.include({
      total: 2,
      byLocation: [{ code: 'KHO', label: 'Kho sách', count: 2 }],
    });
    expect(byOrg.get(world.schoolB.id)).to.deep.include({
      total: 3,
      byLocation: [{ code: 'LOP-6A1', label: 'Thư viện lớp 6A1', count: 3 }],
    });
    const page = await librarianB.get(`/library/titles/${title.id}/holdings`);
    expect(page.status).to.equal(200);
    expect(await page.text()).to.include('Thư viện lớp 6A1');
  });
});
