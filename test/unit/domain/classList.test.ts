import { expect } from 'chai';
import {
  cellsOf,
  checkRows,
  guessColumns,
  mappingProblems,
  parseBirthDate,
  type ClassListContext,
} from '../../../src/domain/classList.js';

const ctx: ClassListContext = { definedClasses: null, birthRange: { from: '1990-01-01', to: '2025-12-31' } };
const cells = (studentCode: string, fullName: string, className: string, birthDate = '', gender = '') => ({
  studentCode,
  fullName,
  className,
  birthDate,
  gender,
});

describe('domain: class-list rows', () => {
  it('guesses the columns from the usual headers, with or without tones', () => {
    const mapping = guessColumns(['STT', 'Mã học sinh', 'Họ và tên', 'Ngày sinh', 'Giới tính', 'Lớp']);
    expect(mapping).to.deep.equal({ studentCode: 1, fullName: 2, birthDate: 3, gender: 4, className: 5 });
    expect(mappingProblems(guessColumns(['ma hs', 'ho ten']))).to.deep.equal(['className']);
    expect(cellsOf(['x', ' HS1 ', 'An'], { studentCode: 1, fullName: 2 })).to.deep.equal(cells('HS1', 'An', ''));
  });

  it('reads dates of birth as schools type them and refuses days that do not exist', () => {
    expect(parseBirthDate('05/09/2010')).to.equal('2010-09-05');
    expect(parseBirthDate('5-9-2010')).to.equal('2010-09-05');
    expect(parseBirthDate('2010-09-05')).to.equal('2010-09-05');
    expect(parseBirthDate('31/02/2010')).to.equal(null);
    expect(parseBirthDate('hôm qua')).to.equal(null);
  });

  it('accepts a good row as it will be imported', () => {
    const [checked] = checkRows(
      [{ rowNumber: 2, cells: cells('hs 01', ' Nguyễn  Văn An ', '10a1', '05/09/2010', 'Nữ') }],
      ctx,
    );
    expect(checked).to.deep.equal({
      rowNumber: 2,
      problems: [],
      row: {
        studentCode: 'HS01',
        fullName: 'Nguyễn Văn An',
        className: '10A1',
        grade: 10,
        birthDate: '2010-09-05',
        gender: 'female',
      },
    });
  });

  it('refuses each bad row with its row number and reasons, a repeated code at its second row', () => {
    const checked = checkRows(
      [
        { rowNumber: 2, cells: cells('HS01', 'An', '10A1') },
        { rowNumber: 3, cells: cells('', 'Bình', '10A1') },
        { rowNumber: 4, cells: cells('hs01', 'Chi', '10A2') },
        { rowNumber: 5, cells: cells('HS02', 'Dũng', 'A1', '30/02/2010', 'x') },
        { rowNumber: 6, cells: cells('HS03', 'Em', '10A9') },
      ],
      { ...ctx, definedClasses: new Set(['10A1', '10A2', 'A1']) },
    );
    const reasons = checked.map((c) => [
      c.rowNumber,
      c.problems.map((p) => `${p.field}:${p.messageKey.split('.').pop()}`),
    ]);
    expect(reasons).to.deep.equal([
      [2, []],
      [3, ['studentCode:required']],
      [4, ['studentCode:duplicateCode']],
      [5, ['className:noGrade', 'birthDate:badDate', 'gender:badGender']],
      [6, ['className:unknownClass']],
    ]);
    expect(checked[2]!.problems[0]!.params).to.deep.equal({ code: 'HS01', row: 2 });
    expect(checked.filter((c) => c.row).map((c) => c.rowNumber)).to.deep.equal([2]);
  });
});
