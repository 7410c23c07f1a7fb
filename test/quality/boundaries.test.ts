// The layers DESIGN.md draws, read from the sources (docs/adr/0008-sql-style.md): no SQL outside src/db, and
// src/domain imports nothing outside itself. eslint.config.js says the same as lint rules; this reads the
// syntax trees, so a query call or a statement in a string is found whatever it is imported as.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const path = `${dir}/${e.name}`;
    if (e.isDirectory()) return e.name === 'node_modules' || e.name === 'dist' ? [] : sources(path);
    return /\.(ts|tsx|js|mjs)$/.test(e.name) && !e.name.endsWith('.d.ts') ? [path] : [];
  });
}

function parse(path: string): ts.SourceFile {
  const kind = path.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  return ts.createSourceFile(
    path,
    readFileSync(join(ROOT, path), 'utf8'),
    ts.ScriptTarget.Latest,
    true,
    kind,
  );
}

function walk(node: ts.Node, visit: (n: ts.Node) => void): void {
  visit(node);
  node.forEachChild((child) => walk(child, visit));
}

const where = (file: ts.SourceFile, node: ts.Node) =>
  `${file.fileName}:${file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1}`;

/** Module specifiers of imports, re-exports, dynamic imports and require calls. */
function importsOf(file: ts.SourceFile): { spec: string; at: string }[] {
  const out: { spec: string; at: string }[] = [];
  walk(file, (n) => {
    const spec =
      (ts.isImportDeclaration(n) || ts.isExportDeclaration(n)) && n.moduleSpecifier
        ? n.moduleSpecifier
        : ts.isCallExpression(n) &&
            (n.expression.kind === ts.SyntaxKind.ImportKeyword ||
              (ts.isIdentifier(n.expression) && n.expression.text === 'require'))
          ? n.arguments[0]
          : undefined;
    if (spec && ts.isStringLiteralLike(spec)) out.push({ spec: spec.text, at: where(file, n) });
  });
  return out;
}

// A statement's shape, not a word: "select … from table", "insert into", "delete from", "update t set",
// "with recursive", DDL. Matched against the text of each string and template literal.
const SQL_STATEMENT =
  /\bselect\s[\s\S]*?\bfrom\s+[a-z_][a-z0-9_]*\b|\binsert\s+into\s|\bdelete\s+from\s|\bupdate\s+[a-z_][a-z0-9_]*\s+set\s|\bwith\s+recursive\s|\b(create|alter|drop|truncate)\s+(table|index|schema)\b/i;
const DATABASE_MODULES = /^(pg|@electric-sql\/pglite(\/.*)?|drizzle-orm(\/.*)?)$/;
const QUERY_METHODS = new Set(['query', 'queryArrays']);
/** The database layer, the one place SQL is written. */
const DB = 'src/db';

/** Every place a file runs or writes SQL, or reaches a database driver. */
function sqlIn(file: ts.SourceFile): string[] {
  const found: string[] = [];
  walk(file, (n) => {
    if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression)) {
      const method = n.expression.name.text;
      const first = n.arguments[0];
      // db.query(…) / tx.queryArrays(…); db.exec('…') with a literal (a RegExp's exec takes the text to match).
      if (QUERY_METHODS.has(method) || (method === 'exec' && first && ts.isStringLiteralLike(first)))
        found.push(`${where(file, n)} .${method}(…)`);
    }
    if (ts.isPropertyAccessExpression(n) && n.name.text === 'drizzle')
      found.push(`${where(file, n)} .drizzle`);
    if (ts.isTaggedTemplateExpression(n) && n.tag.getText(file) === 'sql')
      found.push(`${where(file, n)} sql\`…\``);
    const text =
      ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)
        ? n.text
        : ts.isTemplateExpression(n)
          ? [n.head.text, ...n.templateSpans.map((s) => s.literal.text)].join('${…}')
          : undefined;
    if (text !== undefined && !ts.isImportDeclaration(n.parent) && SQL_STATEMENT.test(text))
      found.push(`${where(file, n)} "${text.trim().slice(0, 60)}"`);
  });
  for (const i of importsOf(file))
    if (DATABASE_MODULES.test(i.spec)) found.push(`${i.at} import '${i.spec}'`);
  return found;
}

// The application: everything that ships. Tests and benchmarks set up their data with SQL and are not scanned.
const APPLICATION = [...sources('src'), ...sources('web/src'), ...sources('scripts'), ...sources('bin')];

describe('boundaries', () => {
  it('no SQL outside src/db: no query calls, statements in strings or database drivers elsewhere', () => {
    // Allowed outside src/db: none.
    const ALLOWED: string[] = [];
    const outside = APPLICATION.filter((f) => !f.startsWith(`${DB}/`));
    expect(outside.length).toBeGreaterThan(200);
    const found = outside.flatMap((f) => sqlIn(parse(f))).filter((hit) => !ALLOWED.includes(hit));
    expect(found).toEqual([]);
  });

  it('the scan finds SQL where it is: in src/db, by each kind of evidence', () => {
    const hits = sources(DB).flatMap((f) => sqlIn(parse(f)));
    for (const kind of [
      '.query(…)',
      '.drizzle',
      'sql`…`',
      "import 'drizzle-orm'",
      "import 'pg'",
      '"select',
      '"insert into',
    ])
      expect(
        hits.some((h) => h.includes(kind)),
        kind,
      ).toBe(true);
    const probe = ts.createSourceFile(
      'probe.ts',
      "const s = `delete from t where id = ${id}`; 'Chọn đơn vị từ danh sách'; /x/.exec('y'); re.exec(text);",
      ts.ScriptTarget.Latest,
      true,
    );
    expect(sqlIn(probe).map((h) => h.replace(/^probe\.ts:\d+ /, ''))).toEqual([
      '"delete from t where id = ${…}"',
      '.exec(…)',
    ]);
  });

  it('src/domain imports nothing outside src/domain, and only pure libraries', () => {
    const PURE_PACKAGES = new Set([
      'zod',
      'geojson',
      'topojson-client',
      'topojson-specification',
      'node:crypto',
    ]);
    const files = sources('src/domain');
    expect(files.length).toBeGreaterThan(50);
    const outside = files.flatMap((f) =>
      importsOf(parse(f))
        .filter(({ spec }) =>
          spec.startsWith('.')
            ? relative(join(ROOT, 'src/domain'), resolve(ROOT, dirname(f), spec)).startsWith('..')
            : !PURE_PACKAGES.has(spec),
        )
        .map(({ spec, at }) => `${at} ${spec}`),
    );
    expect(outside).toEqual([]);
  });

  it('a route imports no other route (shared: common.ts, member-schemas.ts; index.ts registers them all)', () => {
    const ROUTES = 'src/server/routes';
    const SHARED = new Set(['common.ts', 'member-schemas.ts']);
    const files = sources(ROUTES).filter((f) => !f.slice(ROUTES.length + 1).includes('/'));
    expect(files.length).toBeGreaterThan(15);
    const crossing = files
      .filter((f) => !f.endsWith('/index.ts'))
      .flatMap((f) =>
        importsOf(parse(f))
          .filter(({ spec }) => {
            const target = relative(join(ROOT, ROUTES), resolve(ROOT, dirname(f), spec));
            return (
              spec.startsWith('.') && !target.startsWith('..') && !target.includes('/') && !SHARED.has(target)
            );
          })
          .map(({ spec, at }) => `${at} ${spec}`),
      );
    expect(crossing).toEqual([]);
  });

  it('use cases need nothing from the HTTP layer: src/services imports from src/server only contract types', () => {
    const files = sources('src/services');
    const intoServer = files.flatMap((f) =>
      importsOf(parse(f))
        .filter(({ spec }) => {
          if (!spec.startsWith('.')) return false;
          const target = relative(join(ROOT, 'src'), resolve(ROOT, dirname(f), spec));
          return target.startsWith('server/') && !target.startsWith('server/contract/');
        })
        .map(({ spec, at }) => `${at} ${spec}`),
    );
    expect(intoServer).toEqual([]);
  });

  it('routes reach the database only through services (type imports of row shapes aside)', () => {
    const files = sources('src/server/routes');
    const direct = files.flatMap((f) => {
      const file = parse(f);
      return file.statements.flatMap((st) => {
        if (!ts.isImportDeclaration(st) || !ts.isStringLiteral(st.moduleSpecifier)) return [];
        const target = relative(join(ROOT, 'src'), resolve(ROOT, dirname(f), st.moduleSpecifier.text));
        const typeOnly =
          st.importClause?.isTypeOnly === true ||
          (st.importClause?.namedBindings !== undefined &&
            ts.isNamedImports(st.importClause.namedBindings) &&
            st.importClause.name === undefined &&
            st.importClause.namedBindings.elements.every((e) => e.isTypeOnly));
        return target.startsWith('db/') && !typeOnly ? [`${where(file, st)} ${st.moduleSpecifier.text}`] : [];
      });
    });
    expect(direct).toEqual([]);
  });
});
