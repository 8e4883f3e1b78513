import { expect } from 'chai';
import {
  authorMark,
  defaultAuthorMarkRule,
  nameHeadingWord,
  titleHeadingWord,
} from '../../../src/domain/authorMark.js';
import { callNumberOf } from '../../../src/domain/printEdition.js';

const rule = defaultAuthorMarkRule;

describe('author marks (ký hiệu tác giả) and call numbers', () => {
  it('files Vietnamese names by the given name, foreign ones by the surname', () => {
    expect(nameHeadingWord('Nguyễn Nhật Ánh', rule)).to.equal('Ánh');
    expect(nameHeadingWord('Tô Hoài', rule)).to.equal('Hoài');
    expect(nameHeadingWord('J. K. Rowling', rule)).to.equal('Rowling');
    expect(nameHeadingWord('Rowling, J. K.', rule)).to.equal('Rowling');
    expect(nameHeadingWord('Nguyễn, Du', rule)).to.equal('Du');
    expect(nameHeadingWord('Nguyễn Nhật Ánh', { vietnameseNames: 'family' })).to.equal('Nguyễn');
    expect(nameHeadingWord('Antoine de Saint-Exupéry', rule)).to.equal('Saint-Exupéry');
  });

  it('marks a work without an author by the first significant word of its title', () => {
    expect(titleHeadingWord('Toán 6 – Tập một')).to.equal('Toán');
    expect(titleHeadingWord('The Little Prince')).to.equal('Little');
    expect(titleHeadingWord('“Đất rừng phương Nam”')).to.equal('Đất');
  });

  it('takes the letters the school chose, with or without diacritics, and the work mark', () => {
    expect(authorMark(rule, ['Nguyễn Nhật Ánh'], 'Cho tôi xin một vé đi tuổi thơ')).to.equal('ANH');
    expect(authorMark(rule, ['Tô Hoài'], 'Dế Mèn phiêu lưu ký')).to.equal('HOA');
    expect(authorMark(rule, [], 'Đất rừng phương Nam')).to.equal('DAT');
    expect(authorMark(rule, ['Antoine de Saint-Exupéry'], 'Hoàng tử bé')).to.equal('SAI');
    const kept = { ...rule, diacritics: 'keep' as const, case: 'capitalised' as const, letters: 2 as const };
    expect(authorMark(kept, ['Tô Hoài'], 'Dế Mèn phiêu lưu ký')).to.equal('Ho');
    expect(authorMark({ ...kept, letters: 3 }, ['Đoàn Giỏi'], 'Đất rừng phương Nam')).to.equal('Giỏ');
    expect(authorMark({ ...rule, letters: 1, titleInitial: true }, ['Tô Hoài'], 'Dế Mèn phiêu lưu ký')).to.equal('Hd');
    expect(authorMark(rule, [], '…')).to.equal(null);
  });

  it('builds the call number from class number and author mark, unless written by hand', () => {
    const classification = { scheme: 'ddc', number: '895.922' };
    expect(callNumberOf({ classification, authorMark: 'HOA', callNumberOverride: null })).to.equal('895.922 HOA');
    expect(callNumberOf({ classification: null, authorMark: 'HOA', callNumberOverride: null })).to.equal('HOA');
    expect(callNumberOf({ classification, authorMark: 'HOA', callNumberOverride: 'VN 895 H' })).to.equal('VN 895 H');
    expect(callNumberOf({ classification: null, authorMark: null, callNumberOverride: null })).to.equal(null);
  });
});
