// The web client takes the API's shapes from the generated contract (web/src/api/schema.d.ts, built from the
// server's OpenAPI document), never from hand-written copies. Four rules over web/src, read with the
// TypeScript parser:
//  1. Requests go through web/src/api/: no `fetch(` (or XMLHttpRequest) anywhere else.
//  2. No object type redeclares a shape the server answers: an interface or object type literal with at
//     least four properties, all of them properties of one object schema of a response in openapi.json
//     (or of a named output schema), covering at least half of that schema's properties, is a hand-typed
//     copy. A form's values may follow a request body. (Object types inside a conditional type's `extends`
//     clause are patterns that read the generated types, not declarations, and are not counted.)
//  3. No enum of the contract is copied: a union of string literals, or an array literal of strings, holding
//     exactly the values of one enum of openapi.json must come from the generated types instead:
//     `Schemas['HouseholdStage']`, or a list checked complete by `allOf<T>()([...])`. (The interface's
//     languages, 'vi' | 'en', are the client's own.)
//  4. No regular expression over the server's words: no `.replace/.match/.matchAll/.split/.search` with a
//     regular expression on `pick(…)` or on a `.message`, `.vi`, `.en` or `.sentence`, and no `regex.test/
//     exec` of them. The server sends codes with parameters where the client needs to word something itself.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const WEB_SRC = join(ROOT, 'web/src');
const API_DIR = join(WEB_SRC, 'api');
const GENERATED = join(API_DIR, 'schema.d.ts');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(e.name) && path !== GENERATED ? [path] : [];
  });
}

interface Contract {
  /** Property names of every object schema in the document (components and inline). */
  objects: Set<string>[];
  /** Values of every string enum with at least two values. */
  enums: Set<string>[];
}

function contractOf(spec: {
  paths: Record<string, Record<string, { responses?: unknown }>>;
  components: { schemas: Record<string, unknown> };
}): Contract {
  const objects: Set<string>[] = [];
  const enums: Set<string>[] = [];
  const walk = (v: unknown, shapes: boolean): void => {
    if (Array.isArray(v)) return v.forEach((x) => walk(x, shapes));
    if (!v || typeof v !== 'object') return;
    const o = v as Record<string, unknown>;
    if (shapes && o.properties && typeof o.properties === 'object')
      objects.push(new Set(Object.keys(o.properties)));
    if (Array.isArray(o.enum) && o.enum.length >= 2 && o.enum.every((x) => typeof x === 'string'))
      enums.push(new Set(o.enum as string[]));
    Object.values(o).forEach((x) => walk(x, shapes));
  };
  // Shapes are what the server answers (responses, and the named schemas' output side); a form's values
  // may well follow a request body. Enums come from both sides.
  for (const operations of Object.values(spec.paths))
    for (const op of Object.values(operations)) {
      walk(op.responses, true);
      walk({ ...op, responses: undefined }, false);
    }
  for (const [id, schema] of Object.entries(spec.components.schemas)) walk(schema, !id.endsWith('Input'));
  return { objects, enums };
}

const CONTRACT = contractOf(JSON.parse(readFileSync(join(API_DIR, 'openapi.json'), 'utf8')));

const REGEX_METHODS = new Set(['replace', 'replaceAll', 'match', 'matchAll', 'split', 'search']);
const SERVER_TEXT = new Set(['message', 'vi', 'en', 'sentence']);

/** `pick(…)`, or a property read named like the server's words. */
function isServerText(e: ts.Expression): boolean {
  const x = ts.isParenthesizedExpression(e) || ts.isNonNullExpression(e) ? e.expression : e;
  if (ts.isCallExpression(x) && ts.isIdentifier(x.expression) && x.expression.text === 'pick') return true;
  if (ts.isPropertyAccessExpression(x) && SERVER_TEXT.has(x.name.text)) return true;
  return false;
}

function isRegex(e: ts.Expression | undefined): boolean {
  if (!e) return false;
  if (e.kind === ts.SyntaxKind.RegularExpressionLiteral) return true;
  return (ts.isNewExpression(e) || ts.isCallExpression(e)) && e.expression.getText() === 'RegExp';
}

/**
 * The interface's languages ('vi' | 'en', web/src/lib/format.ts) are the client's own: the API's `lang`
 * parameters follow them, not the other way round.
 */
const isLanguage = (values: readonly string[]) =>
  values.length === 2 && values.includes('vi') && values.includes('en');

function propertyNames(members: ts.NodeArray<ts.TypeElement>): string[] {
  return members.flatMap((m) =>
    ts.isPropertySignature(m) && (ts.isIdentifier(m.name) || ts.isStringLiteral(m.name)) ? [m.name.text] : [],
  );
}

function stringLiterals(types: readonly ts.TypeNode[]): string[] | null {
  const out: string[] = [];
  for (const t of types) {
    if (!ts.isLiteralTypeNode(t) || !ts.isStringLiteral(t.literal)) return null;
    out.push(t.literal.text);
  }
  return out;
}

/** Every breach of the four rules in one file's text, as "line: rule: what". */
export function contractBreaches(fileName: string, text: string, contract = CONTRACT): string[] {
  const sf = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const inApi = fileName.startsWith(API_DIR);
  const out: string[] = [];
  const report = (node: ts.Node, rule: string, what: string) =>
    out.push(`${sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1}: ${rule}: ${what}`);

  const checkShape = (node: ts.Node, names: string[]) => {
    if (names.length < 4) return;
    const copied = contract.objects.find(
      (keys) => names.every((n) => keys.has(n)) && names.length * 2 >= keys.size,
    );
    if (copied) report(node, 'shape', `{ ${names.join(', ')} } copies a schema of the contract`);
  };

  const visit = (node: ts.Node, inPattern: boolean): void => {
    // 1. Requests only through web/src/api/.
    if (!inApi) {
      if (ts.isCallExpression(node)) {
        const callee = node.expression.getText(sf);
        if (callee === 'fetch' || callee === 'window.fetch' || callee === 'globalThis.fetch')
          report(node, 'fetch', `${callee}( outside web/src/api`);
      }
      if (ts.isNewExpression(node) && node.expression.getText(sf) === 'XMLHttpRequest')
        report(node, 'fetch', 'XMLHttpRequest outside web/src/api');
    }
    // 2. Hand-typed shapes.
    if (!inPattern && ts.isInterfaceDeclaration(node)) checkShape(node, propertyNames(node.members));
    if (!inPattern && ts.isTypeLiteralNode(node)) checkShape(node, propertyNames(node.members));
    // 3. Copied enums.
    if (!inPattern && ts.isUnionTypeNode(node)) {
      const values = stringLiterals(node.types);
      const copied =
        values &&
        !isLanguage(values) &&
        contract.enums.some((e) => e.size === new Set(values).size && values.every((v) => e.has(v)));
      if (values && copied)
        report(node, 'enum', `${values.map((v) => `'${v}'`).join(' | ')} copies an enum of the contract`);
    }
    if (ts.isArrayLiteralExpression(node) && node.elements.every(ts.isStringLiteral)) {
      const values = new Set(node.elements.map((e) => (e as ts.StringLiteral).text));
      const copied =
        !isLanguage([...values]) &&
        contract.enums.find((e) => e.size === values.size && [...e].every((v) => values.has(v)));
      const checked =
        ts.isCallExpression(node.parent) &&
        ts.isCallExpression(node.parent.expression) &&
        ts.isIdentifier(node.parent.expression.expression) &&
        node.parent.expression.expression.text === 'allOf';
      if (copied && !checked)
        report(node, 'enum', `[${[...values].join(', ')}] lists an enum outside allOf<T>()`);
    }
    // 4. Regular expressions over the server's words.
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
      const method = node.expression.name.text;
      if (REGEX_METHODS.has(method) && isRegex(node.arguments[0]) && isServerText(node.expression.expression))
        report(node, 'regex', `.${method}(/…/) over the server's words`);
      if (
        (method === 'test' || method === 'exec') &&
        node.arguments[0] &&
        isServerText(node.arguments[0]) &&
        (isRegex(node.expression.expression) || ts.isIdentifier(node.expression.expression))
      )
        report(node, 'regex', `.${method}() of the server's words`);
    }
    if (ts.isConditionalTypeNode(node)) {
      visit(node.checkType, inPattern);
      visit(node.extendsType, true);
      visit(node.trueType, inPattern);
      visit(node.falseType, inPattern);
      return;
    }
    ts.forEachChild(node, (child) => visit(child, inPattern));
  };
  visit(sf, false);
  return out;
}

describe('the web client uses the generated contract only', () => {
  it('the contract has named shapes and enums to compare with', () => {
    expect(CONTRACT.objects.length).toBeGreaterThan(100);
    expect(CONTRACT.enums.some((e) => e.has('complained') && e.has('rechecked'))).toBe(true);
  });

  it('web/src has no request, shape, enum or regex that bypasses it', () => {
    const breaches = sourceFiles(WEB_SRC).flatMap((path) =>
      contractBreaches(path, readFileSync(path, 'utf8')).map((b) => `${relative(ROOT, path)}:${b}`),
    );
    expect(breaches).toEqual([]);
  });

  // The rules catch what the client did before the contract was typed (each snippet is from its history).
  const page = join(WEB_SRC, 'pages/Example.tsx');
  it.each([
    [
      'a raw fetch of the API',
      `async function upload(file: File) {
         const res = await fetch('/api/imports?filename=x', { method: 'POST', body: file });
         return res.json();
       }`,
      'fetch',
    ],
    [
      'a hand-typed progress entry',
      `export interface ProgressEntry {
         unit: string; group: string; year: number; standard: string; start: number; end: number;
         change: number; target: { lower: number | null; upper: number | null } | null;
         sentence: { vi: string; en: string };
       }`,
      'shape',
    ],
    [
      'a hand-typed programme',
      `export interface Programme {
         id: string; name: { vi: string; en: string }; years: { from: number; to: number };
         citation: string; verified: boolean; components: { code: string }[];
       }`,
      'shape',
    ],
    ['a copied verdict enum', `export type Verdict = 'not_met' | 'met' | 'exceeded';`, 'enum'],
    [
      'a copied list of stages',
      `export const HOUSEHOLD_STAGES = ['listed', 'excluded', 'surveyed', 'resurvey', 'agreed', 'complained', 'rechecked', 'accounted'] as const;`,
      'enum',
    ],
    [
      'a regex over the readiness prose',
      `const texts = round.readiness.map((r) => pick(r).replace(/\\b(thôn|village) ([0-9a-f]{8})\\b/g, name));`,
      'regex',
    ],
    ['a regex test of an error message', `const late = /quá hạn/.test(error.message);`, 'regex'],
  ])('catches %s', (_what, snippet, rule) => {
    expect(contractBreaches(page, snippet).map((b) => b.split(': ')[1])).toContain(rule);
  });

  it.each([
    [
      'a list checked complete',
      `export const CLASSES = allOf<HouseholdClass>()(['poor', 'near_poor', 'middle', 'not_poor']);`,
    ],
    [
      'a pattern reading the generated types',
      `type Ok<P extends keyof paths> = paths[P] extends { get: { responses: { 200: { content: { 'application/json': infer T } } } } } ? T : never;`,
    ],
    [
      'a subset of stages in screen logic',
      `const pending = ['listed', 'surveyed', 'resurvey'].includes(h.stage);`,
    ],
    ['a regex over what the user typed', `if (/^\\d{5}$/.test(code)) search(code);`],
  ])('allows %s', (_what, snippet) => {
    expect(contractBreaches(page, snippet)).toEqual([]);
  });
});
