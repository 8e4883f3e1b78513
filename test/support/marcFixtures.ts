/**
 * Vietnamese MARC21 records for the import tests, assembled byte by byte here (not by the code
 * under test): a leader, a directory and fields, in UTF-8 (NFC or NFD text) or MARC-8 (ANSEL
 * combining marks before their letter, as Vietnamese MARC-8 catalogues store them).
 */
export type Field = [tag: string, ...rest: string[]];

const FT = 0x1e;
const RT = 0x1d;
const US = 0x1f;

/** `['245', '10', 'a', 'Toán 6 :', 'b', 'sách giáo khoa']` or `['001', 'value']`. */
export function iso2709(fields: Field[], options: { marc8?: boolean; encode?: (text: string) => Buffer } = {}): Buffer {
  const encode = options.encode ?? ((text: string) => Buffer.from(text, 'utf8'));
  const bodies = fields.map(([tag, ...rest]) => {
    if (/^00\d$/.test(tag)) return Buffer.concat([encode(rest[0]!), Buffer.from([FT])]);
    const parts: Buffer[] = [Buffer.from(rest[0]!, 'latin1')];
    for (let i = 1; i < rest.length; i += 2) parts.push(Buffer.from([US]), Buffer.from(rest[i]!), encode(rest[i + 1]!));
    return Buffer.concat([...parts, Buffer.from([FT])]);
  });
  let offset = 0;
  const directory = fields
    .map(([tag], i) => {
      const entry = `${tag}${String(bodies[i]!.length).padStart(4, '0')}${String(offset).padStart(5, '0')}`;
      offset += bodies[i]!.length;
      return entry;
    })
    .join('');
  const base = 24 + directory.length + 1;
  const length = base + offset + 1;
  const leader = `${String(length).padStart(5, '0')}nam ${options.marc8 ? ' ' : 'a'}22${String(base).padStart(5, '0')} a 4500`;
  return Buffer.concat([Buffer.from(leader + directory, 'latin1'), Buffer.from([FT]), ...bodies, Buffer.from([RT])]);
}

/** MARC-8 (ANSEL) for the Vietnamese letters the fixtures use: combining marks first, then the letter. */
const ansel: Record<string, number[]> = {
  '\u0300': [0xe1], // grave
  '\u0301': [0xe2], // acute
  '\u0302': [0xe3], // circumflex
  '\u0303': [0xe4], // tilde
  '\u0306': [0xe6], // breve
  '\u0309': [0xe0], // hook above
  '\u0323': [0xf2], // dot below
  đ: [0xb3],
  Đ: [0xa3],
  ơ: [0xbc],
  Ơ: [0xac],
  ư: [0xbd],
  Ư: [0xad],
};

export function marc8(text: string): Buffer {
  const out: number[] = [];
  // Decompose, but keep ơ/ư/đ whole: they are letters of their own in ANSEL.
  const letters = text
    .normalize('NFD')
    .replace(/o\u031b/g, 'ơ')
    .replace(/O\u031b/g, 'Ơ')
    .replace(/u\u031b/g, 'ư')
    .replace(/U\u031b/g, 'Ư');
  const clusters = letters.match(/.[\u0300-\u036f]*/gsu) ?? [];
  for (const cluster of clusters) {
    const [base, ...marks] = [...cluster];
    for (const mark of marks) out.push(...(ansel[mark] ?? [0x3f]));
    const code = base!.codePointAt(0)!;
    out.push(...(ansel[base!] ?? (code < 0x80 ? [code] : [0x3f])));
  }
  return Buffer.from(out);
}

/** Three school books, as a Vietnamese school's Koha or Vemis catalogue would hold them. `word` keeps titles unique per test. */
export function schoolBooks(word: string): Field[][] {
  return [
    [
      ['001', `dm-${word}`],
      ['008', '250905s2021    vm            000 1 vie d'],
      ['020', '  ', 'a', '978-604-0-25173-2', 'q', 'bìa mềm'],
      ['040', '  ', 'a', 'THCS-A', 'b', 'vie'],
      ['041', '0 ', 'a', 'vie'],
      ['082', '04', 'a', '895.9223', 'b', 'T450'],
      ['100', '0 ', 'a', 'Tô Hoài'],
      ['245', '10', 'a', `Dế Mèn phiêu lưu ký ${word} :`, 'b', 'truyện dài /', 'c', 'Tô Hoài'],
      ['250', '  ', 'a', 'Tái bản lần thứ 12'],
      ['260', '  ', 'a', 'Hà Nội :', 'b', 'Kim Đồng,', 'c', '2021'],
      ['300', '  ', 'a', '143 tr. :', 'c', '21 cm'],
      ['490', '0 ', 'a', 'Tủ sách Văn học Việt Nam'],
      ['500', '  ', 'a', 'Sách được giải thưởng Hội Văn nghệ Việt Nam năm 1956.'],
      ['650', ' 7', 'a', 'Văn học thiếu nhi', 'z', 'Việt Nam'],
      [
        '952',
        '  ',
        'a',
        'THCS-A',
        'b',
        'THCS-A',
        'c',
        'KHO',
        '8',
        'TN',
        'o',
        '895.9223 T450',
        'p',
        'TN-00101',
        'd',
        '2025-09-05',
        'g',
        '45000',
        'e',
        'Nhà sách Fahasa',
        'y',
        'BK',
      ],
      [
        '952',
        '  ',
        'a',
        'THCS-A',
        'b',
        'THCS-A',
        'c',
        'PD',
        '8',
        'TN',
        'p',
        'TN-00102',
        'd',
        '2025-09-05',
        'g',
        '45000',
        'e',
        'Nhà sách Fahasa',
        'y',
        'BK',
      ],
    ],
    [
      ['001', `toan-${word}`],
      ['020', '  ', 'a', '9786040251749'],
      ['041', '0 ', 'a', 'vie'],
      ['082', '04', 'a', '510', 'b', 'T406'],
      ['100', '0 ', 'a', 'Hà Huy Khoái'],
      ['700', '0 ', 'a', 'Nguyễn Huy Đoan', 'e', 'tác giả'],
      ['700', '0 ', 'a', 'Cung Thế Anh', 'e', 'chủ biên'],
      ['245', '10', 'a', `Toán 6 ${word}.`, 'n', 'Tập 1', 'p', 'Số học /', 'c', 'Hà Huy Khoái (tổng chủ biên)'],
      ['264', ' 1', 'a', 'Hà Nội :', 'b', 'Giáo dục Việt Nam,', 'c', '[2021]'],
      ['300', '  ', 'a', '120 tr.', 'c', '27 cm'],
      ['650', ' 7', 'a', 'Toán học', 'x', 'Sách giáo khoa'],
      ['653', '  ', 'a', 'số học'],
      ['852', '  ', 'a', 'THCS-A', 'b', 'KHO', 'p', 'SGK-00201'],
      ['852', '  ', 'a', 'THCS-A', 'b', 'KHO', 'p', 'SGK-00202'],
      ['852', '  ', 'a', 'THCS-A', 'b', 'KHO', 'p', 'SGK-00203'],
    ],
    [
      ['001', `lich-su-${word}`],
      ['041', '0 ', 'a', 'vie'],
      ['082', '04', 'a', '959.7'],
      ['110', '2 ', 'a', 'Viện Sử học Việt Nam'],
      ['245', '10', 'a', `Lịch sử Việt Nam ${word}`],
      ['264', ' 1', 'a', 'Hà Nội', 'b', 'Khoa học xã hội', 'c', 'c2017'],
      ['952', '  ', 'c', 'KHO', '8', 'TK', 'p', 'TK-00050'],
    ],
  ];
}
