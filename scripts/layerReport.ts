/**
 * `npm run report:layers` (`-- --json` for the figures as JSON): the numbers issue 13's closing note
 * compares before and after — direct database calls outside src/models and src/db, import cycles,
 * layering violations, the longest functions and the largest files of the application.
 */
import path from 'node:path';
import ts from 'typescript';
import { cruise } from './layers/cruise.js';
import { APPLICATION, functionSize, parse, sourceFiles, visit, type FunctionSize } from './layers/functions.js';

const TOP = 10;
/** Mongoose Model methods that reach the database (queries, writes, aggregation). */
const MODEL_CALLS = new Set(
  (
    'find findOne findById findOneAndUpdate findOneAndDelete findOneAndReplace findByIdAndUpdate findByIdAndDelete ' +
    'updateOne updateMany replaceOne deleteOne deleteMany create insertMany bulkWrite aggregate countDocuments ' +
    'estimatedDocumentCount distinct exists watch syncIndexes createIndexes'
  ).split(' '),
);

/** `SomethingModel.find(…)`, raw `connection.db` or `.collection(…)` access: the database reached directly. */
function isDatabaseCall(node: ts.Node): boolean {
  if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
    const { expression: target, name } = node.expression;
    if (ts.isIdentifier(target) && /Model$/.test(target.text) && MODEL_CALLS.has(name.text)) return true;
    if (name.text === 'collection' && /\b(db|connection)$/.test(target.getText())) return true;
  }
  return (
    ts.isPropertyAccessExpression(node) && node.name.text === 'db' && /connection$/.test(node.expression.getText())
  );
}

const isIdConversion = (node: ts.Node) =>
  ts.isNewExpression(node) && node.expression.getText() === 'Types.ObjectId' && (node.arguments?.length ?? 0) > 0;

function measureCode() {
  const databaseCalls = new Map<string, number>();
  const idConversions = new Map<string, number>();
  const functions: FunctionSize[] = [];
  const files: { file: string; lines: number }[] = [];
  let longLines = 0;
  for (const name of sourceFiles(APPLICATION)) {
    const file = parse(name);
    const folder = name.split(path.sep).slice(0, 2).join('/');
    const outsideModels = !/^src\/(models|db)\//.test(name.split(path.sep).join('/'));
    visit(file, (node) => {
      if (outsideModels && isDatabaseCall(node)) databaseCalls.set(folder, (databaseCalls.get(folder) ?? 0) + 1);
      if (outsideModels && isIdConversion(node)) idConversions.set(folder, (idConversions.get(folder) ?? 0) + 1);
      const size = functionSize(node, file);
      if (size) functions.push(size);
    });
    const lines = file.text.split('\n');
    files.push({ file: name, lines: lines.length });
    longLines += lines.filter((l) => l.length > 120).length;
  }
  return { databaseCalls, idConversions, functions, files, longLines };
}

const total = (counts: Map<string, number>) => [...counts.values()].reduce((a, b) => a + b, 0);
const byCount = (counts: Map<string, number>) => Object.fromEntries([...counts].sort((a, b) => b[1] - a[1]));

function report() {
  const code = measureCode();
  const { summary } = cruise();
  const cycles = (rule: string) => summary.violations.filter((v) => v.rule.name === rule).length;
  const violations = new Map<string, number>();
  for (const v of summary.violations) violations.set(v.rule.name, (violations.get(v.rule.name) ?? 0) + 1);
  return {
    directDatabaseCallsOutsideModels: { total: total(code.databaseCalls), byFolder: byCount(code.databaseCalls) },
    idConversionsOutsideModels: { total: total(code.idConversions), byFolder: byCount(code.idConversions) },
    importCycles: { betweenFiles: cycles('no-circular-files'), betweenFolders: cycles('no-circular-folders') },
    layeringViolations: { total: summary.violations.length, byRule: byCount(violations) },
    longestFunctions: code.functions.sort((a, b) => b.lines - a.lines).slice(0, TOP),
    functionsOver60Lines: code.functions.filter((f) => f.lines > 60).length,
    largestFiles: code.files.sort((a, b) => b.lines - a.lines).slice(0, TOP),
    linesOver120Characters: code.longLines,
  };
}

function printText(r: ReturnType<typeof report>): void {
  const lines = [
    `Direct database calls outside src/models and src/db: ${r.directDatabaseCallsOutsideModels.total}`,
    ...Object.entries(r.directDatabaseCallsOutsideModels.byFolder).map(
      ([f, n]) => `  ${n.toString().padStart(4)}  ${f}`,
    ),
    `new Types.ObjectId(…) outside src/models and src/db: ${r.idConversionsOutsideModels.total}`,
    `Import cycles: ${r.importCycles.betweenFiles} between files, ${r.importCycles.betweenFolders} between folders`,
    `Layering violations (dependency-cruiser): ${r.layeringViolations.total}`,
    ...Object.entries(r.layeringViolations.byRule).map(([rule, n]) => `  ${n.toString().padStart(4)}  ${rule}`),
    `Longest functions (${r.functionsOver60Lines} over 60 lines):`,
    ...r.longestFunctions.map((f) => `  ${f.lines.toString().padStart(4)}  ${f.name}  ${f.where}`),
    'Largest files (lines):',
    ...r.largestFiles.map((f) => `  ${f.lines.toString().padStart(4)}  ${f.file}`),
    `Lines over 120 characters: ${r.linesOver120Characters}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

const figures = report();
if (process.argv.includes('--json')) process.stdout.write(`${JSON.stringify(figures, null, 2)}\n`);
else printText(figures);
