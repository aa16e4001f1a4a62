/**
 * Who may import whom (README, "Folders and imports"): the folders of src/ form layers, each importing only
 * the layers below it, with the Temporal SDK and SQL kept to their own folders. Checked on every import and
 * export declaration and dynamic import() of every source file, parsed by TypeScript.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SRC = path.join(ROOT, 'src');

/** A folder of src/, or `config` (src/config.ts), `worker` (src/worker.ts), `migrations`. */
type Layer = string;

/** The layers each layer may import anything from. cli and worker are the entry points: they may import every layer. */
const MAY_IMPORT: Record<Layer, readonly Layer[]> = {
  config: [],
  analysis: [],
  proposals: ['analysis', 'config'],
  notifications: ['proposals'],
  db: ['analysis', 'proposals', 'config', 'migrations'],
  observability: ['db', 'proposals', 'config'],
  llm: ['analysis', 'db', 'proposals', 'config'],
  seed: ['analysis', 'db', 'proposals', 'config'],
  workflows: ['analysis', 'proposals', 'llm'],
  activities: ['analysis', 'db', 'llm', 'notifications', 'proposals', 'config'],
  temporal: ['workflows', 'proposals', 'config'],
  api: ['analysis', 'db', 'proposals', 'observability', 'temporal', 'config'],
};
/**
 * Layers another layer may import types from only: workflows name their activities' signatures (the
 * implementation runs in the worker, never in the sandbox); activities and the API name the approval
 * workflow's messages; workflows name the notifications they hand to the delivery activity.
 */
const MAY_IMPORT_TYPES: Record<Layer, readonly Layer[]> = {
  workflows: ['activities', 'notifications'],
  activities: ['workflows'],
  api: ['workflows'],
};
/** Layers that never touch the Temporal SDK, not even its types (observability may name the runtime's option types). */
const WITHOUT_TEMPORAL: readonly Layer[] = ['analysis', 'proposals', 'notifications', 'db', 'llm', 'seed'];
/** Layers that run no SQL: no kysely or pg. */
const WITHOUT_SQL: readonly Layer[] = ['analysis', 'proposals', 'notifications', 'workflows', 'observability'];
/** Tables only src/db/ names in a query. */
const DB_ONLY_TABLES = /(['"`])(meta_controller_config_proposals|meta_proposal_events)\1/;
/**
 * The one cycle left: the signature check names the key registry's type, and the registry uses the
 * check's key parsing.
 */
const KNOWN_CYCLES = [['src/proposals/approver-keys.ts', 'src/proposals/signed-decision.ts']];

interface Import {
  from: string;
  /** Relative: the resolved file (src/...); else the package name. */
  to: string;
  relative: boolean;
  typeOnly: boolean;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.(ts|js)$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

function resolveRelative(fromFile: string, specifier: string): string {
  const target = path.resolve(path.dirname(fromFile), specifier);
  const candidates = target.endsWith('.js') ? [target.replace(/\.js$/, '.ts'), target] : [target];
  const found = candidates.find((candidate) => {
    try {
      readFileSync(candidate);
      return true;
    } catch {
      return false;
    }
  });
  return path.relative(ROOT, found ?? candidates[0]!);
}

function importsOf(file: string): Import[] {
  const text = readFileSync(file, 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith('.js') ? ts.ScriptKind.JS : ts.ScriptKind.TS);
  const from = path.relative(ROOT, file);
  const found: Import[] = [];
  const add = (specifier: string, typeOnly: boolean) => {
    const relative = specifier.startsWith('.');
    const to = relative
      ? resolveRelative(file, specifier)
      : specifier
          .split('/')
          .slice(0, specifier.startsWith('@') ? 2 : 1)
          .join('/');
    found.push({ from, to, relative, typeOnly });
  };
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const allTypes =
        clause !== undefined &&
        (clause.isTypeOnly ||
          (!clause.name &&
            clause.namedBindings !== undefined &&
            ts.isNamedImports(clause.namedBindings) &&
            clause.namedBindings.elements.length > 0 &&
            clause.namedBindings.elements.every((e) => e.isTypeOnly)));
      add(node.moduleSpecifier.text, allTypes);
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      add(node.moduleSpecifier.text, node.isTypeOnly);
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteral(node.arguments[0])
    ) {
      add(node.arguments[0].text, false);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function layerOf(file: string): Layer {
  const parts = file.split('/');
  if (parts[0] !== 'src') return parts[0]!;
  return parts.length === 2 ? parts[1]!.replace(/\.(ts|js)$/, '') : parts[1]!;
}

const files = sourceFiles(SRC);
const imports = files.flatMap(importsOf);

test('the scan sees the source files and their imports', () => {
  assert.ok(files.length > 100, `${files.length} source files`);
  assert.ok(imports.some((i) => i.from === 'src/workflows/proposal-approval.ts' && i.to === 'src/workflows/approval-manager.ts'));
  assert.ok(imports.some((i) => i.from === 'src/workflows/proposal-approval.ts' && i.to === 'src/activities/index.ts' && i.typeOnly));
});

test('each folder imports only the folders below it (types only where the rule says so)', () => {
  const wrong = imports
    .filter((i) => i.relative)
    .flatMap((i) => {
      const [from, to] = [layerOf(i.from), layerOf(i.to)];
      if (from === to || from === 'cli' || from === 'worker') return [];
      const allowed = MAY_IMPORT[from];
      if (!allowed) return [`${i.from}: folder ${from} has no import rule`];
      if (allowed.includes(to)) return [];
      if (i.typeOnly && MAY_IMPORT_TYPES[from]?.includes(to)) return [];
      return [`${i.from} → ${i.to}${i.typeOnly ? ' (types)' : ''}`];
    });
  assert.deepEqual(wrong, []);
});

test('the Temporal SDK stays out of the domain folders, SQL out of the pure ones', () => {
  const wrong = imports
    .filter((i) => !i.relative)
    .filter((i) => {
      const layer = layerOf(i.from);
      if (i.to.startsWith('@temporalio/')) return WITHOUT_TEMPORAL.includes(layer) || (layer === 'observability' && !i.typeOnly);
      return (i.to === 'kysely' || i.to === 'pg') && WITHOUT_SQL.includes(layer) && !i.typeOnly;
    })
    .map((i) => `${i.from} → ${i.to}`);
  assert.deepEqual(wrong, []);
});

test('queries on the proposals and their audit events live in src/db/', () => {
  const outside = files.filter((f) => !path.relative(ROOT, f).startsWith('src/db/') && DB_ONLY_TABLES.test(readFileSync(f, 'utf8')));
  assert.deepEqual(
    outside.map((f) => path.relative(ROOT, f)),
    [],
  );
});

test('no import cycles between source files, type imports included', () => {
  const graph = new Map<string, string[]>();
  for (const i of imports.filter((i) => i.relative && i.to.startsWith('src/'))) graph.set(i.from, [...(graph.get(i.from) ?? []), i.to]);
  // Tarjan's strongly connected components: each one with more than one file is a cycle.
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  const visit = (v: string) => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (stack.includes(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        component.push(w);
      } while (w !== v);
      if (component.length > 1) cycles.push(component.sort());
    }
  };
  for (const file of graph.keys()) if (!index.has(file)) visit(file);
  assert.deepEqual(cycles.sort(), KNOWN_CYCLES);
});
