/** Reading registers back as a person's tools would: the PDF's text with pdftotext, the XLSX with exceljs. */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';

/** The text of a PDF as pdftotext lays it out, one string per page. */
export async function pdfPages(pdf: Buffer): Promise<string[]> {
  const run = promisify(execFile);
  const child = run('pdftotext', ['-layout', '-enc', 'UTF-8', '-', '-'], { maxBuffer: 64 << 20 });
  child.child.stdin!.end(pdf);
  const { stdout } = await child;
  return stdout.split('\f').filter((p) => p.trim());
}

/** Each sheet's rows as arrays of cell values (1-based columns shifted to 0, empty cells null). */
export async function sheets(xlsx: Buffer): Promise<{ name: string; rows: unknown[][] }[]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(xlsx as unknown as ArrayBuffer);
  return workbook.worksheets.map((ws) => {
    const rows: unknown[][] = [];
    ws.eachRow((row, n) => (rows[n - 1] = Array.from((row.values as unknown[]).slice(1), (v) => v ?? null)));
    return { name: ws.name, rows: Array.from(rows, (r) => r ?? []) };
  });
}
