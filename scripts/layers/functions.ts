/**
 * The length of every function of the application, for `npm run report:layers` and the check in
 * `npm run lint:layers`: a function of more than `MAX_FUNCTION_LINES` lines of code (blank lines and
 * comments not counted) fails the check unless it is declarative data (an endpoint list, the API
 * description, the wiring of the app).
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { root } from './cruise.js';

/** The application's own code (tests and benches are not what the layering is about). */
export const APPLICATION = ['src', 'plugins', 'config'];
export const MAX_FUNCTION_LINES = 60;

/** Declarative data, long by nature: the API's endpoint lists (one entry per endpoint) and their description. */
const DECLARATIVE: { file: RegExp; name: RegExp }[] = [
  { file: /^src\/http\/api\//, name: /Endpoints$/ },
  { file: /^src\/http\/api\/openapi\.ts$/, name: /^buildOpenApi$/ },
  { file: /^src\/services\/index\.ts$/, name: /^createServices$/ },
  { file: /^src\/app\.ts$/, name: /^createApp$/ },
  { file: /^config\/index\.ts$/, name: /^loadConfig$/ },
];

export interface FunctionSize {
  name: string;
  file: string;
  where: string;
  /** Every line from its first to its last. */
  lines: number;
  /** Lines of code: blank lines and comment lines left out. */
  codeLines: number;
}

export function sourceFiles(dirs: string[]): string[] {
  return dirs.flatMap((dir) =>
    fs
      .readdirSync(path.join(root, dir), { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
      .map((f) => path.join(dir, f).split(path.sep).join('/')),
  );
}

export const parse = (file: string) =>
  ts.createSourceFile(file, fs.readFileSync(path.join(root, file), 'utf8'), ts.ScriptTarget.Latest, true);

export function visit(node: ts.Node, each: (node: ts.Node) => void): void {
  each(node);
  node.forEachChild((child) => visit(child, each));
}

function functionName(node: ts.FunctionLikeDeclaration): string {
  if (node.name) return node.name.getText();
  const parent = node.parent;
  if (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent))
    return parent.name.getText();
  if (ts.isCallExpression(parent)) return `(callback of ${parent.expression.getText().slice(0, 40)})`;
  return '(anonymous)';
}

const isCode = (line: string) => {
  const t = line.trim();
  return t !== '' && !t.startsWith('//') && !t.startsWith('/*') && !t.startsWith('*');
};

export function functionSize(node: ts.Node, file: ts.SourceFile): FunctionSize | null {
  if (!ts.isFunctionLike(node) || !('body' in node) || !node.body) return null;
  const start = file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1;
  const end = file.getLineAndCharacterOfPosition(node.getEnd()).line + 1;
  return {
    name: functionName(node as ts.FunctionLikeDeclaration),
    file: file.fileName,
    where: `${file.fileName}:${start}`,
    lines: end - start + 1,
    codeLines: node.getText(file).split('\n').filter(isCode).length,
  };
}

export function allFunctions(): FunctionSize[] {
  const functions: FunctionSize[] = [];
  for (const name of sourceFiles(APPLICATION)) {
    const file = parse(name);
    visit(file, (node) => {
      const size = functionSize(node, file);
      if (size) functions.push(size);
    });
  }
  return functions;
}

const allowed = (f: FunctionSize) => DECLARATIVE.some((d) => d.file.test(f.file) && d.name.test(f.name));

/** Functions too long to pass: all but declarative data. */
export const tooLong = (functions: FunctionSize[]) =>
  functions.filter((f) => f.codeLines > MAX_FUNCTION_LINES && !allowed(f));
