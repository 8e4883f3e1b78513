import { expect } from 'chai';
import { CopySlots, SlotsImageInvalid } from '../../../src/services/library/copySlots.js';

const title = 'aaaaaaaaaaaaaaaaaaaaaaaa';
const school = 'bbbbbbbbbbbbbbbbbbbbbbbb';
const copyId = (n: number) => n.toString(16).padStart(24, '0');

describe('copy slots: the holdings of many copies in typed arrays', () => {
  it('keeps each copy under its id, overwrites it in place, and gives a freed slot to the next copy', () => {
    const slots = new CopySlots();
    const first = slots.set(copyId(1), {
      titleId: title,
      orgId: school,
      status: 'available',
      location: 'KHO',
      version: 1,
    });
    const second = slots.set(copyId(2), {
      titleId: title,
      orgId: school,
      status: 'on_loan',
      location: 'DOC',
      version: 1,
    });
    expect(slots.size).to.equal(2);
    expect(slots.slot(copyId(2))).to.equal(second);
    expect(slots.held(second)).to.deep.equal({
      titleId: title,
      orgId: school,
      status: 'on_loan',
      location: 'DOC',
      version: 1,
    });
    expect(slots.idAt(second)).to.equal(copyId(2));

    expect(
      slots.set(copyId(1), { titleId: title, orgId: school, status: 'withdrawn', location: 'KHO', version: 1 }),
    ).to.equal(first);
    expect(slots.statusAt(first)).to.equal('withdrawn');
    expect(slots.versionOf(copyId(1))).to.equal(1);
    expect(slots.versionOf(copyId(9)), 'a copy not held').to.equal(-1);
    slots.remove(copyId(1));
    expect(slots.slot(copyId(1))).to.equal(undefined);
    expect(slots.size).to.equal(1);
    const third = slots.set(copyId(3), { titleId: title, orgId: school, status: 'lost', location: 'KHO', version: 1 });
    expect(third, 'the freed slot').to.equal(first);
    expect(slots.held(third).status).to.equal('lost');
    expect(slots.idAt(third)).to.equal(copyId(3));
  });

  it('grows past its first size and shares one string per title, school and location', () => {
    const slots = new CopySlots();
    for (let n = 0; n < 5000; n++)
      slots.set(copyId(n), {
        titleId: `${title.slice(0, 20)}${String(n % 7).padStart(4, '0')}`,
        orgId: school,
        status: 'available',
        location: 'KHO',
        version: n,
      });
    expect(slots.size).to.equal(5000);
    const last = slots.slot(copyId(4999))!;
    expect(slots.held(last).titleId).to.equal(`${title.slice(0, 20)}${String(4999 % 7).padStart(4, '0')}`);
    expect(slots.held(slots.slot(copyId(7))!).titleId).to.equal(slots.held(slots.slot(copyId(14))!).titleId);
  });

  it('knows nothing of an id that is no database id', () => {
    const slots = new CopySlots();
    slots.set(copyId(1), { titleId: title, orgId: school, status: 'available', location: 'KHO', version: 1 });
    expect(slots.slot('not-an-id')).to.equal(undefined);
    slots.remove('not-an-id');
    expect(slots.size).to.equal(1);
  });

  it('packs the copies held into an image and takes them back from it, refusing one that does not add up', () => {
    const slots = new CopySlots();
    for (let n = 1; n <= 3000; n++)
      slots.set(copyId(n), {
        titleId: `${title.slice(0, 20)}${String(n % 11).padStart(4, '0')}`,
        orgId: n % 2 ? school : title,
        status: n % 5 ? 'available' : 'on_loan',
        location: n % 3 ? 'KHO' : 'DOC',
        version: n,
      });
    for (let n = 1; n <= 3000; n += 7) slots.remove(copyId(n));
    const image = slots.image();
    const back = CopySlots.fromImage(image);
    expect(back.size).to.equal(slots.size);
    for (let n = 1; n <= 3000; n++) {
      const here = slots.slot(copyId(n));
      const there = back.slot(copyId(n));
      expect(there === undefined, copyId(n)).to.equal(here === undefined);
      if (here !== undefined) expect(back.held(there!)).to.deep.equal(slots.held(here));
    }
    expect([...back.inUse()].map((s) => back.idAt(s)).sort()).to.deep.equal(
      [...slots.inUse()].map((s) => slots.idAt(s)).sort(),
    );
    const broken = { ...image, columns: image.columns.map((v, i) => (i === 3 ? 99 : v)) };
    expect(() => CopySlots.fromImage(broken)).to.throw(SlotsImageInvalid);
    expect(() => CopySlots.fromImage({ ...image, versions: image.versions.subarray(1) })).to.throw(SlotsImageInvalid);
  });
});
