import { expect } from 'chai';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { labelBox, placements, sheetProblems, type LabelSheet } from '../../../src/domain/labelSheet.js';
import { labelSheets, readLabelSheets } from '../../../src/registry/labelSheets.js';

const threeByEight: LabelSheet = {
  code: 'a4-3x8',
  name: { vi: 'A4 3 × 8', en: 'A4 3 × 8' },
  page: { width: 210, height: 297 },
  columns: 3,
  rows: 8,
  label: { width: 63.5, height: 33.9 },
  margin: { top: 12.9, left: 7.25 },
  pitch: { x: 66, y: 33.9 },
};

describe('label sheets', () => {
  it('counts positions left to right, then top to bottom, from the margins by the pitch', () => {
    expect(labelBox(threeByEight, 1)).to.include({ row: 1, column: 1, x: 7.25, y: 12.9 });
    expect(labelBox(threeByEight, 5)).to.include({ row: 2, column: 2, x: 73.25, y: 46.8 });
    const last = labelBox(threeByEight, 24);
    expect(last).to.include({ row: 8, column: 3, x: 139.25 });
    expect(last.y + last.height).to.be.closeTo(284.1, 1e-9);
  });

  it('starts a run at any position of a used sheet and goes on to fresh sheets', () => {
    const run = placements(threeByEight, 6, 22);
    expect(run.map((p) => [p.sheet, p.position])).to.deep.equal([
      [0, 22],
      [0, 23],
      [0, 24],
      [1, 1],
      [1, 2],
      [1, 3],
    ]);
  });

  it('finds labels off the page or overlapping', () => {
    expect(sheetProblems(threeByEight)).to.deep.equal([]);
    expect(sheetProblems({ ...threeByEight, margin: { top: 12.9, left: 20 } })[0]).to.match(/across a page 210 mm/);
    expect(sheetProblems({ ...threeByEight, pitch: { x: 60, y: 33.9 } })).to.include('labels overlap across (pitch.x)');
  });

  it('ships sound sheets (3 × 8, 4 × 10, 5 × 13 among them) and reports a bad one by name', () => {
    expect(labelSheets.map((s) => `${s.columns}x${s.rows}`)).to.include.members(['3x8', '4x10', '5x13']);
    for (const s of labelSheets) expect(sheetProblems(s), s.code).to.deep.equal([]);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sheets-'));
    const file = path.join(dir, 'sheets.json');
    fs.writeFileSync(file, JSON.stringify({ sheets: [threeByEight, { ...threeByEight, code: 'wide', columns: 4 }] }));
    const { sheets, checks } = readLabelSheets(file);
    expect(sheets.map((s) => s.code)).to.deep.equal(['a4-3x8']);
    expect(checks.find((c) => c.name === 'wide')!.problems[0]).to.match(/labels reach 268.75 mm across/);
    fs.rmSync(dir, { recursive: true });
  });
});
