import { expect } from 'chai';
import { seedPrintedCollection } from '../../../src/seed/demoPrinted.js';
import { testContext } from '../../support/context.js';
import { organisation, province, resource, system } from '../../support/fixtures.js';

describe('demo seed: printed books with copies in the pilot schools', function () {
  this.timeout(120_000);

  it('catalogues the demo titles, adds their copies in batches, gives an e-textbook its printed edition, writes one copy off', async () => {
    const { services } = testContext();
    const admin = await system();
    const { department, schoolA } = await province();
    const codes = ['TH-VTS', 'TH-LTT', 'THCS-NT', 'THCS-LBN', 'THPT-TVG', 'THPT-TA'];
    const orgIdByCode = new Map<string, string>();
    for (const code of codes) orgIdByCode.set(code, (await organisation(`Trường ${code}`, department)).id);
    const ebook = await resource(admin, schoolA, {
      metadata: { title: 'Ngữ văn 10 – Tập một (bản điện tử)', type: 'sgk-dien-tu' },
    });

    await seedPrintedCollection(services, admin, orgIdByCode, ebook);

    const nhutTao = orgIdByCode.get('THCS-NT')!;
    const batches = await services.registers.intakeBatches(admin, nhutTao);
    expect(batches.map((b) => b.source).sort()).to.deep.equal(['donation', 'purchase', 'state_budget']);
    expect(batches.reduce((n, b) => n + b.copyCount, 0)).to.equal(40 + 3 + 4 + 2);
    const records = await services.registers.withdrawalRecords(admin, nhutTao);
    expect(records).to.have.length(1);
    expect(records[0]).to.include({ copyCount: 1, reason: 'lost' });
    expect(services.holdings.ofSchool(nhutTao)).to.deep.include({ titles: 4 });
    const printedEbook = await services.resources.find(ebook.id);
    expect(printedEbook!.print!.classification).to.deep.equal({ scheme: 'ddc', number: '807.12' });
    expect(services.holdings.summary(ebook.id)[0]!.total).to.equal(12);
  });
});
