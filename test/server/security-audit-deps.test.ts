// The dependency audit CI runs (scripts/audit-deps.ts): it fails only on an advisory against a production
// dependency that docs/security.md does not accept with a reason, and never on a registry it cannot ask.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { acceptedAdvisories, readAuditReport, unaccepted } from '../../scripts/audit-deps.ts';

const report = JSON.stringify({
  auditReportVersion: 2,
  vulnerabilities: {
    'fast-xml': {
      name: 'fast-xml',
      severity: 'high',
      via: [
        {
          source: 1100001,
          name: 'fast-xml',
          dependency: 'fast-xml',
          title: 'Prototype pollution',
          url: 'https://github.com/advisories/GHSA-aaaa-bbbb-cccc',
          severity: 'high',
          range: '<4.2.5',
        },
      ],
    },
    'some-lib': { name: 'some-lib', severity: 'high', via: ['fast-xml'] },
    tiny: {
      name: 'tiny',
      severity: 'low',
      via: [
        {
          source: 1100002,
          name: 'tiny',
          title: 'ReDoS',
          url: 'https://github.com/advisories/GHSA-dddd-eeee-ffff',
          severity: 'low',
        },
      ],
    },
  },
  metadata: {},
});

const doc = `# Security
## Accepted advisories
| advisory | package | reason | accepted |
| --- | --- | --- | --- |
| GHSA-aaaa-bbbb-cccc | fast-xml | only parses our own generated files | 06/12/2026 |
## Next
| GHSA-dddd-eeee-ffff | tiny | not in the accepted section | |
`;

describe('dependency audit', () => {
  it('names each advisory once, by its GHSA id, and skips packages vulnerable only through another', () => {
    const out = readAuditReport(report);
    expect(out.kind).toBe('report');
    if (out.kind !== 'report') return;
    expect(out.advisories.map((a) => [a.id, a.package, a.severity])).toEqual([
      ['GHSA-aaaa-bbbb-cccc', 'fast-xml', 'high'],
      ['GHSA-dddd-eeee-ffff', 'tiny', 'low'],
    ]);
  });

  it('fails only on what the accepted table of docs/security.md does not list', () => {
    const out = readAuditReport(report);
    if (out.kind !== 'report') throw new Error('no report');
    const accepted = acceptedAdvisories(doc);
    expect([...accepted]).toEqual(['GHSA-AAAA-BBBB-CCCC']);
    expect(unaccepted(out.advisories, accepted).map((a) => a.id)).toEqual(['GHSA-dddd-eeee-ffff']);
    expect(unaccepted(out.advisories, new Set(['GHSA-AAAA-BBBB-CCCC', '1100002']))).toEqual([]);
  });

  it('an unreachable registry or a mirror without the audit endpoint is "not checked", not a failure', () => {
    expect(
      readAuditReport(
        JSON.stringify({
          message:
            '405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk',
        }),
      ),
    ).toEqual({ kind: 'unavailable', reason: expect.stringContaining('405') });
    expect(
      readAuditReport(JSON.stringify({ error: { code: 'ENOTFOUND', summary: 'getaddrinfo ENOTFOUND' } }))
        .kind,
    ).toBe('unavailable');
    expect(readAuditReport('').kind).toBe('unavailable');
  });

  it('docs/security.md has the accepted-advisories table the check reads', () => {
    const text = readFileSync(new URL('../../docs/security.md', import.meta.url), 'utf8');
    expect(text).toMatch(/^## Accepted advisories/m);
    // Every row of that table is an advisory id the check understands (a typo would accept nothing).
    const section = text.split(/^## Accepted advisories.*$/m)[1]!.split(/^#{1,6} /m)[0]!;
    const rows = section.split('\n').filter((l) => /^\|\s*[^-\s|]/.test(l) && !/^\|\s*advisory/i.test(l));
    expect(rows.length).toBe(acceptedAdvisories(text).size);
  });
});
