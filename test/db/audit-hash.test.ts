// The audit chain's hash (src/db/queries/audit.ts) is sha256 of the previous hash followed by the canonical
// JSON of the entry's content as an object (ADR 0011). It is written by splicing the canonical texts of
// `before` and `after` — worked out ahead for an import's batch entries — into the content's few fixed keys:
// held here equal to the definition over random entries, so no chain written one way verifies another way.
import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { expect, it } from 'vitest';
import { canonicalJson, toJsonValue } from '../../src/domain/canonical-json.ts';
import { auditHash, NATIONAL_CHAIN } from '../../src/db/queries/audit.ts';

/** The definition: the content as an object, its canonical JSON, after the previous hash. */
function definition(prevHash: string, e: Parameters<typeof auditHash>[1]): string {
  const content = {
    action: e.action,
    actor: { id: e.actorId, name: e.actorName },
    after: e.after,
    at: e.at.toISOString(),
    before: e.before,
    ...(e.chain === NATIONAL_CHAIN ? {} : { chain: e.chain }),
    entity: { id: e.entityId, type: e.entityType },
    householdId: e.householdId,
    reason: e.reason,
    seq: e.seq,
    unitCode: e.unitCode,
  };
  return createHash('sha256')
    .update(prevHash + canonicalJson(content), 'utf8')
    .digest('hex');
}

const text = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.string({ unit: 'grapheme', maxLength: 10 }),
  fc.constantFrom('Lò Văn Páo', '"after":null', '\u2028', '\ud800', 'Nhập từ tệp "x.xlsx"'),
);
const json = fc
  .jsonValue({ maxDepth: 3 })
  .map((v) => toJsonValue(v))
  .chain((v) => fc.constantFrom(v, null, { households: [v], householdIds: ['a'], file: 'x', from: 1 }));

it('is the sha256 of the previous hash and the canonical JSON of the content as an object', () => {
  fc.assert(
    fc.property(
      fc.record({
        chain: fc.constantFrom(NATIONAL_CHAIN, '19', '01'),
        seq: fc.integer({ min: 1, max: 2 ** 40 }),
        at: fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }),
        actorId: fc.option(fc.uuid(), { nil: null }),
        actorName: text,
        action: fc.constantFrom('household.import', 'household.update', 'user.create'),
        entityType: text,
        entityId: fc.option(text, { nil: null }),
        householdId: fc.option(fc.uuid(), { nil: null }),
        unitCode: fc.option(fc.constantFrom('01864', '19', ''), { nil: null }),
        before: json,
        after: json,
        reason: fc.option(text, { nil: null }),
      }),
      fc.stringMatching(/^[0-9a-f]{64}$/),
      (entry, prevHash) => {
        expect(auditHash(prevHash, entry)).toBe(definition(prevHash, entry));
      },
    ),
    { numRuns: 500, seed: 20261207 },
  );
});
