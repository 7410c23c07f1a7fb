// The id of an imported household: a UUID version 5 (RFC 9562, name-based with SHA-1) of "commune:ref",
// so importing the same household again finds the same row through the primary key alone. On Citus the
// households table is distributed by household_id, where a unique index on (commune, ref) could not be
// enforced; a key derived from them keeps the uniqueness inside the primary key.
import { createHash } from 'node:crypto';

/** The namespace of GiảmNghèo household references (a fixed random UUID; never change it). */
export const HOUSEHOLD_REF_NAMESPACE = '3c0a4f1e-6b2d-4e59-9a8f-5d1c7b2e9f40';

function bytesOf(uuid: string): Buffer {
  return Buffer.from(uuid.replace(/-/gu, ''), 'hex');
}

// The namespace's bytes, kept between calls: an import asks for one id per household, always in the same one.
let lastNamespace = '';
let lastNamespaceBytes: Buffer = Buffer.alloc(0);

export function uuidV5(name: string, namespace: string): string {
  if (namespace !== lastNamespace) {
    lastNamespaceBytes = bytesOf(namespace);
    lastNamespace = namespace;
  }
  const hash = createHash('sha1').update(lastNamespaceBytes).update(name, 'utf8').digest();
  const b = hash.subarray(0, 16);
  b[6] = (b[6]! & 0x0f) | 0x50;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const hex = b.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The household id for a commune's own reference (the ref compared as written, NFC, trimmed). */
export function householdIdFor(communeCode: string, ref: string): string {
  return uuidV5(`${communeCode}:${ref.normalize('NFC').trim()}`, HOUSEHOLD_REF_NAMESPACE);
}
