/** The one text rule (src/domain/text.ts, src/domain/dates.ts) and its zod blocks (src/http/schemas/text.ts). */
import { expect } from 'chai';
import { firstForbidden, scriptsOf, stripForbidden, tidyText } from '../../../src/domain/text.js';
import { isRealDate, latestYear, realDatePrefix } from '../../../src/domain/dates.js';
import { optionalDate, optionalText, text, textList, username } from '../../../src/http/schemas/text.js';
import { mapDublinCore } from '../../../src/services/harvest/mapping.js';

const issue = (result: { success: boolean; error?: { issues: readonly object[] } }) =>
  result.success ? null : ((result.error!.issues[0] as { params?: Record<string, unknown> }).params ?? null);

describe('the text rule', () => {
  it('keeps text in NFC with plain whitespace: one line collapses line breaks, several lines keep them', () => {
    const decomposed = 'Tie\u0302\u0301ng Vie\u0323\u0302t';
    expect(tidyText(decomposed)).to.equal('Tiếng Việt').and.equal('Tiếng Việt'.normalize('NFC'));
    expect(tidyText('  Toán\t6 \r\n Tập   hợp\u00a0 ')).to.equal('Toán 6 Tập hợp');
    expect(tidyText('Dòng 1\r\nDòng 2\rDòng 3\u2028Dòng 4\t!', true)).to.equal('Dòng 1\nDòng 2\nDòng 3\nDòng 4 !');
    expect(tidyText('\ufeffSách\u00adgiáo khoa')).to.equal('Sáchgiáo khoa');
  });

  it('names the first character no text may hold: controls, direction overrides, zero-width characters', () => {
    expect(firstForbidden('Toán 6')).to.equal(null);
    expect(firstForbidden('a\u0000b')).to.deep.equal({ kind: 'control', codePoint: 'U+0000' });
    expect(firstForbidden('tep-\u202efdp.exe')).to.deep.equal({ kind: 'bidi', codePoint: 'U+202E' });
    expect(firstForbidden('quan\u200btri')).to.deep.equal({ kind: 'invisible', codePoint: 'U+200B' });
    expect(firstForbidden('x\u200by\u0007')).to.deep.include({ codePoint: 'U+200B' });
    expect(firstForbidden('\u2067\u2069')).to.deep.include({ kind: 'bidi' });
    expect(firstForbidden('\ud800')).to.deep.include({ kind: 'control', codePoint: 'U+D800' });
    expect(firstForbidden('Dòng 1\nDòng 2\tcột'), 'line breaks and tabs are whitespace').to.equal(null);
    expect(firstForbidden('Khổng Tử 孔子 — Пушкин'), 'any writing system').to.equal(null);
  });

  it('removes what no text may hold from what other systems send', () => {
    expect(stripForbidden('Nguy\u202eễn\u200b Văn\u0000 A')).to.equal('Nguyễn Văn A');
    expect(stripForbidden('Mô tả\u0007\r\ndòng 2', true)).to.equal('Mô tả\ndòng 2');
  });

  it('tells the writing systems of a name apart', () => {
    expect(scriptsOf('nguyễn.văn.an-2024')).to.deep.equal(['Latin']);
    expect(scriptsOf('qu\u0430ntri')).to.deep.equal(['Latin', 'Cyrillic']);
    expect(scriptsOf('пушкин')).to.deep.equal(['Cyrillic']);
  });

  it('knows real dates: a year, year-month or day that exists, between sensible years', () => {
    for (const ok of ['2024', '2024-09', '2024-02-29', '2000-02-29', '1010-10-10', String(latestYear())])
      expect(isRealDate(ok), ok).to.equal(true);
    for (const bad of [
      '9999-99-99',
      '2023-02-29',
      '1900-02-29',
      '2024-13',
      '2024-00',
      '2024-04-31',
      '0999',
      String(latestYear() + 1),
      '2024-9-5',
      '24',
      '',
    ])
      expect(isRealDate(bad), bad).to.equal(false);
    expect(realDatePrefix('2024-09-05T10:00:00Z')).to.equal('2024-09-05');
    expect(realDatePrefix('2024-02-30')).to.equal('2024-02');
    expect(realDatePrefix('9999-99-99')).to.equal(null);
  });
});

describe('the text rule as zod blocks', () => {
  it('text(): tidies, refuses forbidden characters with their code point, bounds the length', () => {
    const title = text({ max: 10, min: 1 });
    expect(title.parse('  Toán\n6 ')).to.equal('Toán 6');
    expect(issue(title.safeParse('Toán\u202e6'))).to.deep.equal({ text: 'bidi', char: 'U+202E' });
    expect(title.safeParse('   ').success, 'blank after tidying').to.equal(false);
    expect(title.safeParse('x'.repeat(11)).success).to.equal(false);
    expect(text({ max: 100, multiline: true }).parse('Một\r\nHai')).to.equal('Một\nHai');
    expect(optionalText({ max: 10 }).parse('  ')).to.equal(null);
    expect(textList(5, 20).parse(['An', ' An ', 'Bình'])).to.deep.equal(['An', 'Bình']);
    expect(issue(textList(5, 20).safeParse(['An', 'B\u0000'])), 'each item').to.deep.include({ text: 'control' });
  });

  it('username: one writing system, ASCII digits, no compatibility forms', () => {
    expect(username.parse('  nguyễn.văn.an ')).to.equal('nguyễn.văn.an');
    expect(username.parse('thuvien.nhuttao')).to.equal('thuvien.nhuttao');
    expect(issue(username.safeParse('qu\u0430ntri'))).to.deep.equal({
      text: 'usernameScripts',
      scripts: 'Latin, Cyrillic',
    });
    expect(issue(username.safeParse('ｑｕａｎｔｒｉ'))).to.deep.equal({ text: 'usernameCharacters' });
    expect(issue(username.safeParse('quan tri'))).to.deep.equal({ text: 'usernameCharacters' });
    expect(issue(username.safeParse('quantri\u200b'))).to.deep.equal({ text: 'usernameCharacters' });
    expect(issue(username.safeParse('an٣'))).to.deep.equal({ text: 'usernameCharacters' });
  });

  it('optionalDate: real dates only', () => {
    expect(optionalDate.parse(' 2024-09-05 ')).to.equal('2024-09-05');
    expect(optionalDate.parse(null)).to.equal(null);
    expect(optionalDate.parse('')).to.equal(null);
    expect(issue(optionalDate.safeParse('9999-99-99'))).to.deep.include({ text: 'date' });
  });

  it('harvested records: forbidden characters removed, dates only when real', () => {
    const m = mapDublinCore(
      {
        title: ['\u202eSách\u200b giáo khoa'],
        creator: ['A\u0000n', '\u200b'],
        date: ['9999-99-99'],
        description: ['Một\r\nhai\u0007'],
      },
      'oai:kho:1',
    ).metadata;
    expect(m).to.deep.include({ title: 'Sách giáo khoa', creators: ['An'], date: null, description: 'Một\nhai' });
  });
});
