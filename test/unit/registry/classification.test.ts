import path from 'node:path';
import { expect } from 'chai';
import { projectRoot } from '../../../config/index.js';
import { classPath, isWellFormed } from '../../../src/domain/classification.js';
import {
  checkClassificationSchemes,
  classificationSchemes,
  readSchemes,
} from '../../../src/registry/classification.js';

describe('classification schemes as data', () => {
  const ddc = classificationSchemes.get('ddc')!;

  it('ships DDC: the ten main classes and the divisions, with Vietnamese and English captions', () => {
    expect(checkClassificationSchemes().flatMap((c) => c.problems)).to.deep.equal([]);
    const classes = ddc.entries.filter((e) => e.level === 1);
    const divisions = ddc.entries.filter((e) => e.level <= 2);
    expect(classes.map((c) => c.notation)).to.deep.equal([
      '000',
      '100',
      '200',
      '300',
      '400',
      '500',
      '600',
      '700',
      '800',
      '900',
    ]);
    // 100 divisions, of which 040 has been unassigned since 1876.
    expect(divisions).to.have.length(99);
    expect(ddc.entries.find((e) => e.notation === '510')).to.include({ vi: 'Toán học', en: 'Mathematics' });
    for (const e of ddc.entries) expect(e.vi, e.notation).to.equal(e.vi.normalize('NFC'));
  });

  it('says what a class number means, from its narrowest known class up', () => {
    expect(classPath(ddc, '895.9223').map((e) => e.notation)).to.deep.equal(['800', '890', '895.922', '895.9223']);
    expect(classPath(ddc, '516.2').map((e) => e.vi)).to.deep.equal([
      'Khoa học tự nhiên và toán học',
      'Toán học',
      'Hình học',
    ]);
    expect(isWellFormed(ddc, '895.922')).to.equal(true);
    expect(isWellFormed(ddc, '89')).to.equal(false);
    expect(isWellFormed(ddc, '895,922')).to.equal(false);
  });

  it("reads a library's own scheme from a file, and reports a bad file with what is wrong", () => {
    const own = readSchemes(path.join(projectRoot, 'test/fixtures/classification'));
    expect(own.checks.flatMap((c) => c.problems)).to.deep.equal([]);
    const scheme = own.schemes[0]!;
    expect(scheme.code).to.equal('truong-19');
    expect(classPath(scheme, '51.3').map((e) => e.notation)).to.deep.equal(['5', '51']);
    const bad = readSchemes(path.join(projectRoot, 'test/fixtures/classification-bad'));
    expect(bad.schemes).to.deep.equal([]);
    expect(bad.checks[0]!.problems.join(' ')).to.match(/code/);
  });
});
