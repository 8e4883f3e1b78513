/**
 * Prints labels on sheets as a PDF: each label a few lines of text and, if asked, a Code 128
 * barcode between them, placed by the sheet's geometry (src/domain/labelSheet.ts). It knows nothing
 * of libraries: the caller says what each label reads. Bars are drawn as vector rectangles from
 * bwip-js's encoding (crisp at any printer resolution), text in DejaVu Sans (Debian's
 * fonts-dejavu-core), which has every Vietnamese letter.
 */
import bwipjs from 'bwip-js';
import { placements, type LabelSheet, type Placement } from '../../domain/labelSheet.js';
import { dejaVuPdf, pdfBuffer, type PdfDoc } from './pdfBuffer.js';

export interface LabelLine {
  text: string;
  /** Height of the line as a share of the label's height; shrunk to fit the width if need be. */
  height: number;
  bold?: boolean;
}

export interface LabelContent {
  /** Lines from the top edge down. */
  top: LabelLine[];
  /** Encoded as Code 128 in the space between the top and bottom lines; without one, the lines are centred. */
  barcode?: string;
  /** Lines from the bottom edge up (the last is nearest the edge). */
  bottom: LabelLine[];
}

const PT_PER_MM = 72 / 25.4;
const LINE_SPACING = 1.15;
const MIN_FONT_PT = 4.5;
const MAX_FONT_PT = 14;
/** Quiet zone each side of the bars, in modules (Code 128 asks for at least 10). */
const QUIET_MODULES = 10;

type Doc = PdfDoc;
interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** The PDF of `labels` on `sheet`, the first at `start` (from 1) of the first sheet. */
export async function labelSheetPdf(
  sheet: LabelSheet,
  labels: readonly LabelContent[],
  start: number,
  title: string,
): Promise<Buffer> {
  const doc = dejaVuPdf({ autoFirstPage: false, info: { Title: title }, compress: true });
  const bytes = pdfBuffer(doc);
  let page = -1;
  placements(sheet, labels.length, start).forEach((place, i) => {
    for (; page < place.sheet; page++) {
      doc.addPage({ size: [sheet.page.width * PT_PER_MM, sheet.page.height * PT_PER_MM], margin: 0 });
    }
    drawLabel(doc, labels[i]!, boxOf(place));
  });
  if (page < 0) doc.addPage({ size: [sheet.page.width * PT_PER_MM, sheet.page.height * PT_PER_MM], margin: 0 });
  doc.end();
  return bytes;
}

function boxOf(p: Placement): Box {
  // Text and bars keep clear of the label's edges (die-cut labels are never cut exactly).
  const pad = Math.min(2, p.height * 0.08, p.width * 0.05);
  return {
    x: (p.x + pad) * PT_PER_MM,
    y: (p.y + pad) * PT_PER_MM,
    w: (p.width - 2 * pad) * PT_PER_MM,
    h: (p.height - 2 * pad) * PT_PER_MM,
  };
}

function drawLabel(doc: Doc, label: LabelContent, box: Box): void {
  const top = label.top.map((l) => fitLine(doc, l, box));
  const bottom = label.bottom.map((l) => fitLine(doc, l, box));
  const used = [...top, ...bottom].reduce((sum, l) => sum + l.lineHeight, 0);
  if (!label.barcode) {
    let y = box.y + Math.max(0, (box.h - used) / 2);
    for (const line of [...top, ...bottom]) y = writeLine(doc, line, box, y);
    return;
  }
  let y = box.y;
  for (const line of top) y = writeLine(doc, line, box, y);
  let below = box.y + box.h - bottom.reduce((sum, l) => sum + l.lineHeight, 0);
  const bars = { x: box.x, y: y + box.h * 0.03, w: box.w, h: below - y - box.h * 0.06 };
  for (const line of bottom) below = writeLine(doc, line, box, below);
  drawCode128(doc, label.barcode, bars);
}

interface FittedLine {
  text: string;
  font: 'regular' | 'bold';
  size: number;
  lineHeight: number;
}

/** The line's text at the size its height asks, smaller if it is too wide, cut with … if still too wide. */
function fitLine(doc: Doc, line: LabelLine, box: Box): FittedLine {
  const font = line.bold ? 'bold' : 'regular';
  const wanted = Math.min(MAX_FONT_PT, (line.height * box.h) / LINE_SPACING);
  doc.font(font).fontSize(wanted);
  const width = doc.widthOfString(line.text);
  let size = width > box.w ? Math.max(MIN_FONT_PT, (wanted * box.w) / width) : wanted;
  doc.fontSize(size);
  let text = line.text;
  while (text.length > 1 && doc.widthOfString(text) > box.w) text = `${text.slice(0, -2).trimEnd()}…`;
  size = Math.max(size, MIN_FONT_PT);
  return { text, font, size, lineHeight: size * LINE_SPACING };
}

function writeLine(doc: Doc, line: FittedLine, box: Box, y: number): number {
  doc
    .font(line.font)
    .fontSize(line.size)
    .text(line.text, box.x, y, { width: box.w, align: 'center', lineBreak: false });
  return y + line.lineHeight;
}

/** Code 128 bars from bwip-js's encoding (`sbs`: widths in modules, bar first), centred with quiet zones. */
function drawCode128(doc: Doc, value: string, area: Box): void {
  const [symbol] = bwipjs.raw('code128', value, '') as { sbs: number[] }[];
  const widths = symbol!.sbs;
  const modules = widths.reduce((sum, w) => sum + w, 0);
  const module = area.w / (modules + 2 * QUIET_MODULES);
  let x = area.x + (area.w - modules * module) / 2;
  widths.forEach((w, i) => {
    if (i % 2 === 0) doc.rect(x, area.y, w * module, area.h);
    x += w * module;
  });
  doc.fillColor('black').fill();
}
