import { expect } from 'chai';
import {
  accessionKey,
  accessionRange,
  formatAccession,
  isPrintableAscii,
  parseAccession,
  prefixLead,
} from '../../../src/domain/accession.js';

describe('accession numbers (số đăng ký cá biệt)', () => {
  it('formats a running number with the collection prefix and padding', () => {
    expect(formatAccession({ prefix: 'SGK-', width: 5 }, 123)).to.equal('SGK-00123');
    expect(formatAccession({ prefix: 'TK.', width: 0 }, 7)).to.equal('TK.7');
    expect(formatAccession({ prefix: '', width: 6 }, 42)).to.equal('000042');
    expect(formatAccession({ prefix: 'NV-', width: 3 }, 12345)).to.equal('NV-12345');
  });

  it('reads the lead and the number whatever the separator, case or padding', () => {
    expect(parseAccession('SGK-00123')).to.deep.equal({ lead: 'SGK', number: 123 });
    expect(parseAccession(' sgk.123 ')).to.deep.equal({ lead: 'SGK', number: 123 });
    expect(parseAccession('SGK 123')).to.deep.equal({ lead: 'SGK', number: 123 });
    expect(parseAccession('000042')).to.deep.equal({ lead: '', number: 42 });
    expect(parseAccession('KHÔNG-SỐ')).to.equal(null);
    expect(prefixLead('sgk- ')).to.equal('SGK');
  });

  it('gives one key to the same number however it is written, and different keys otherwise', () => {
    expect(accessionKey('SGK-00123')).to.equal(accessionKey('sgk 123'));
    expect(accessionKey('SGK-00123')).to.equal(accessionKey('SGK.0123'));
    expect(accessionKey('SGK-00123')).not.to.equal(accessionKey('TK-00123'));
    expect(accessionKey('SGK-00123')).not.to.equal(accessionKey('SGK-00124'));
    expect(accessionKey('Kho cũ A')).to.equal(accessionKey('KHO CŨ  A'));
  });

  it('expands a range of one collection, in order, and says why a range is refused', () => {
    const sgk = { prefix: 'SGK-', width: 5 };
    expect(accessionRange(sgk, 'SGK-00101', 'SGK-00104', 100)).to.deep.equal({
      ok: true,
      numbers: [101, 102, 103, 104],
    });
    expect(accessionRange(sgk, '101', '102', 100)).to.deep.equal({ ok: true, numbers: [101, 102] });
    expect(accessionRange(sgk, 'TK-00101', 'TK-00104', 100)).to.deep.equal({ ok: false, reason: 'prefix' });
    expect(accessionRange(sgk, 'SGK-00104', 'SGK-00101', 100)).to.deep.equal({ ok: false, reason: 'order' });
    expect(accessionRange(sgk, 'SGK-1', 'SGK-1000', 100)).to.deep.equal({ ok: false, reason: 'tooMany' });
  });

  it('keeps barcodes to characters Code 128 prints and scanners type back', () => {
    expect(isPrintableAscii('SGK-00123')).to.equal(true);
    expect(isPrintableAscii('GK 12')).to.equal(true);
    expect(isPrintableAscii('SÁCH-1')).to.equal(false);
    expect(isPrintableAscii(' SGK')).to.equal(false);
    expect(isPrintableAscii('A  B')).to.equal(false);
  });
});
