// Roles and what each may do: the one place that says who can write, manage users, read the audit or see
// personal data. Scopes (which units) are checked separately; this is about kinds of action.
export const ROLES = [
  'system_admin',
  'province_officer',
  'commune_officer',
  'village_enumerator',
  'viewer',
  'auditor',
] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_NAMES: Record<Role, { vi: string; en: string }> = {
  system_admin: { vi: 'Quản trị hệ thống', en: 'System administrator' },
  province_officer: { vi: 'Cán bộ tỉnh', en: 'Province officer' },
  commune_officer: { vi: 'Cán bộ xã', en: 'Commune officer' },
  village_enumerator: { vi: 'Điều tra viên thôn', en: 'Village enumerator' },
  viewer: { vi: 'Người xem', en: 'Viewer' },
  auditor: { vi: 'Kiểm toán', en: 'Auditor' },
};

export type Permission =
  /** Create and change households, members, villages, assessments (within the write scope). */
  | 'registry.write'
  /** Read households within the read scope. */
  | 'registry.read'
  /** See national ID, phone and income unmasked (each read is logged). */
  | 'personal.read'
  | 'users.manage'
  | 'audit.read'
  | 'villages.manage'
  /** Record programme money (plans, adjustments, payments, carry-overs) within the write scope. */
  | 'finance.write'
  /** Load boundary layers: shared by everyone's maps, so only the administrator and province officers. */
  | 'maps.load'
  /**
   * Settle the conflicts an enumerator's offline changes raised, keeping one side field by field: the
   * commune's officers (and above), not the enumerator whose changes are in question.
   */
  | 'conflicts.resolve';

const GRANTS: Record<Role, readonly Permission[]> = {
  system_admin: [
    'registry.write',
    'registry.read',
    'personal.read',
    'users.manage',
    'audit.read',
    'villages.manage',
    'finance.write',
    'maps.load',
    'conflicts.resolve',
  ],
  province_officer: [
    'registry.write',
    'registry.read',
    'personal.read',
    'audit.read',
    'villages.manage',
    'finance.write',
    'maps.load',
    'conflicts.resolve',
  ],
  commune_officer: [
    'registry.write',
    'registry.read',
    'personal.read',
    'audit.read',
    'villages.manage',
    'finance.write',
    'conflicts.resolve',
  ],
  village_enumerator: ['registry.write', 'registry.read', 'personal.read'],
  // Viewers and auditors work on figures and on who changed what, not on people's identities.
  viewer: ['registry.read'],
  auditor: ['registry.read', 'audit.read'],
};

export function can(role: Role, permission: Permission): boolean {
  return GRANTS[role].includes(permission);
}

/** The system administrator sees and may change everything, whatever its scope rows say. */
export const seesEverything = (role: Role): boolean => role === 'system_admin';
