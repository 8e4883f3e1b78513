import { expect } from 'chai';
import type { OaiHeader } from '../../../src/domain/oaiRecord.js';
import { MemoryOaiList } from '../../../src/services/oaiMemoryList.js';

const entry = (id: string, iso: string): OaiHeader =>
  ({ id, oai: { state: 'exposed', datestamp: new Date(iso) } }) as unknown as OaiHeader;
const ids = (list: MemoryOaiList) => list.page({ limit: 100, accept: () => true }).entries.map((e) => e.id);

describe('MemoryOaiList: harvestable records in (datestamp, id) order', () => {
  it('keeps (datestamp, id) order whatever the order records arrive in', () => {
    const list = new MemoryOaiList();
    list.put(entry('c', '2025-03-01T00:00:00Z'));
    list.put(entry('a', '2025-01-01T00:00:00Z'));
    list.put(entry('b2', '2025-02-01T00:00:00Z'));
    list.put(entry('b1', '2025-02-01T00:00:00Z'));
    expect(ids(list)).to.deep.equal(['a', 'b1', 'b2', 'c']);
    expect(list.earliest()!.id).to.equal('a');
  });

  it('moves a changed record to its new datestamp and continues a list after a position', () => {
    const list = new MemoryOaiList();
    for (const [id, day] of [
      ['a', '01'],
      ['b', '02'],
      ['c', '03'],
    ])
      list.put(entry(id!, `2025-01-${day}T00:00:00Z`));
    list.put(entry('a', '2025-01-04T00:00:00Z'));
    expect(ids(list)).to.deep.equal(['b', 'c', 'a']);
    const after = list.page({
      after: { datestamp: Date.parse('2025-01-02T00:00:00Z'), id: 'b' },
      limit: 10,
      accept: () => true,
    });
    expect(after.entries.map((e) => e.id)).to.deep.equal(['c', 'a']);
    list.remove('c');
    expect(ids(list)).to.deep.equal(['b', 'a']);
    expect(list.length).to.equal(2);
  });
});
