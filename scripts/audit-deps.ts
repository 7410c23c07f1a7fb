// `npm audit --omit=dev` for CI (issue #15, item 9): fails only on an advisory against a production
// dependency that is not an accepted exception. Accepted exceptions are written down, with their reason, in
// the table of docs/security.md's section "Accepted advisories" (one row per advisory: its GHSA id or npm
// advisory number, the package, the reason, who accepted it and when). When the registry cannot be asked (no
// network in CI, a mirror without the audit endpoint) the check says so plainly and does not fail.
//
//   node --import tsx scripts/audit-deps.ts [--report FILE]   (FILE: a saved `npm audit --json`, for tests)
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DOC = 'docs/security.md';

export interface Advisory {
  /** GHSA-xxxx-xxxx-xxxx when the advisory has one, else its npm number. */
  id: string;
  npmId: string | null;
  package: string;
  severity: string;
  title: string;
  url: string;
}

export type AuditOutcome =
  { kind: 'unavailable'; reason: string } | { kind: 'report'; advisories: Advisory[] };

interface Via {
  source?: number;
  name?: string;
  title?: string;
  url?: string;
  severity?: string;
}

/** Reads `npm audit --json` output (format 2): the advisories, or why there is no report. */
export function readAuditReport(text: string): AuditOutcome {
  let json: {
    vulnerabilities?: Record<string, { via?: (Via | string)[] }>;
    error?: { code?: string; summary?: string };
    message?: string;
    statusCode?: number;
  };
  try {
    json = JSON.parse(text) as typeof json;
  } catch {
    return {
      kind: 'unavailable',
      reason: `no JSON from npm audit: ${text.trim().slice(0, 200) || '(empty)'}`,
    };
  }
  if (!json.vulnerabilities) {
    const why = json.message ?? json.error?.summary ?? json.error?.code ?? 'no vulnerabilities section';
    return { kind: 'unavailable', reason: String(why).split('\n')[0]!.slice(0, 300) };
  }
  const seen = new Map<string, Advisory>();
  for (const v of Object.values(json.vulnerabilities))
    for (const via of v.via ?? []) {
      if (typeof via === 'string') continue; // a package vulnerable through another one: listed there
      const ghsa = /GHSA-[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}/i.exec(via.url ?? '')?.[0] ?? null;
      const npmId = via.source !== undefined ? String(via.source) : null;
      const id = ghsa ?? npmId ?? `${via.name}:${via.title}`;
      seen.set(id, {
        id,
        npmId,
        package: via.name ?? '?',
        severity: via.severity ?? '?',
        title: via.title ?? '',
        url: via.url ?? '',
      });
    }
  return { kind: 'report', advisories: [...seen.values()].sort((a, b) => a.id.localeCompare(b.id)) };
}

/**
 * The accepted advisories: the first cell of each row of the table under the heading "Accepted advisories"
 * (until the next heading), when it is a GHSA id or an npm advisory number.
 */
export function acceptedAdvisories(markdown: string): Set<string> {
  const accepted = new Set<string>();
  let inSection = false;
  for (const line of markdown.split('\n')) {
    if (/^#{1,6}\s/.test(line)) {
      inSection = /accepted advisories/i.test(line);
      continue;
    }
    if (!inSection || !line.trim().startsWith('|')) continue;
    const first = line.split('|')[1]?.trim().replace(/`/g, '') ?? '';
    if (/^GHSA-[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}$/i.test(first)) accepted.add(first.toUpperCase());
    else if (/^\d+$/.test(first)) accepted.add(first);
  }
  return accepted;
}

/** The advisories that are not accepted (by GHSA id or npm number). */
export function unaccepted(advisories: readonly Advisory[], accepted: ReadonlySet<string>): Advisory[] {
  return advisories.filter(
    (a) => !accepted.has(a.id.toUpperCase()) && !(a.npmId !== null && accepted.has(a.npmId)),
  );
}

function main(): number {
  const at = process.argv.indexOf('--report');
  let text: string;
  if (at > 0 && process.argv[at + 1]) text = readFileSync(process.argv[at + 1]!, 'utf8');
  else {
    const run = spawnSync('npm', ['audit', '--omit=dev', '--json'], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 120_000,
      maxBuffer: 64 * 1024 * 1024,
    });
    text = run.error ? JSON.stringify({ message: String(run.error) }) : run.stdout;
  }
  const outcome = readAuditReport(text);
  if (outcome.kind === 'unavailable') {
    console.log(
      `npm audit: KHÔNG KIỂM TRA ĐƯỢC — không hỏi được registry / NOT CHECKED — the registry could not be asked (${outcome.reason}); not failing`,
    );
    return 0;
  }
  const accepted = acceptedAdvisories(readFileSync(`${ROOT}/${DOC}`, 'utf8'));
  const open = unaccepted(outcome.advisories, accepted);
  const line = (a: Advisory) => `  ${a.id} ${a.package} (${a.severity}): ${a.title} ${a.url}`;
  const known = outcome.advisories.filter((a) => !open.includes(a));
  if (known.length)
    console.log(`npm audit: ${known.length} accepted in ${DOC}:\n${known.map(line).join('\n')}`);
  if (open.length) {
    console.log(
      `npm audit: ${open.length} advisories not accepted — update the dependency, or write the exception with its reason in ${DOC} ("Accepted advisories"):\n${open.map(line).join('\n')}`,
    );
    return 1;
  }
  console.log(
    `npm audit: no open advisory in production dependencies (${outcome.advisories.length} accepted)`,
  );
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) process.exit(main());
