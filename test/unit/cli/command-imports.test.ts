/**
 * Every `kronos` run declares every command, so declaring them must stay cheap: `kronos --help` may load
 * commander, the declarations and a few modules of plain values, and nothing that an action runs (the
 * Temporal SDK, kysely, pg, the analysis...). Checked on the modules a real run resolves.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { promisify } from 'node:util';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
/** Reports each module resolved after it is registered (before tsx), one line each on stderr. */
const RESOLVE_HOOK = `export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  process.stderr.write('resolved ' + resolved.url + '\\n');
  return resolved;
}`;
const REGISTER = `import { register } from 'node:module'; register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(RESOLVE_HOOK)}`)});`;

/** The runner and commander. */
const ALLOWED_PACKAGES = ['tsx', 'esbuild', 'commander'];
/** Plain values the declarations need for choices and help text (no imports of their own but types). */
const ALLOWED_SOURCES = [
  'src/proposals/statuses.ts',
  'src/proposals/target-types.ts',
  'src/proposals/strategy-target.ts',
  'src/seed/history-sizes.ts',
  'src/seed/scenarios.ts',
  'src/seed/seed-error.ts',
  'src/temporal/schedule-constants.ts',
];

test('kronos --help loads the command declarations and no action', async () => {
  const { stderr } = await promisify(execFile)(
    process.execPath,
    ['--import', `data:text/javascript,${encodeURIComponent(REGISTER)}`, 'bin/kronos.js', '--help'],
    { cwd: ROOT },
  );
  const urls = [...new Set([...stderr.matchAll(/^resolved (file:\S+)$/gm)].map((m) => fileURLToPath(m[1] as string).slice(ROOT.length)))];
  assert.ok(urls.includes('src/cli/commands/proposals.ts'), 'the scan sees the declarations');

  const packages = [
    ...new Set(
      urls
        .filter((u) => u.startsWith('node_modules/'))
        .map((u) =>
          u
            .split('/')
            .slice(1, u.startsWith('node_modules/@') ? 3 : 2)
            .join('/'),
        ),
    ),
  ];
  assert.deepEqual(
    packages.filter((p) => !ALLOWED_PACKAGES.includes(p)),
    [],
    'packages loaded to declare the commands',
  );

  const sources = urls.filter((u) => u.startsWith('src/') && !ALLOWED_SOURCES.includes(u));
  const outsideDeclarations = sources.filter((u) => !/^src\/cli\/(main|options|errors)\.ts$|^src\/cli\/commands\//.test(u));
  assert.deepEqual(outsideDeclarations, [], 'sources loaded to declare the commands');
});
