// A compact before → after of one audit entry: only the fields that changed, each on one line.
import { Typography } from 'antd';
import { createContext, use } from 'react';
import { useI18n, type I18n } from '../i18n/index.tsx';
import { diffLines, isRecord } from '../lib/diff.ts';

/** Names for codes found in audit values (standards and indicators come from the API). */
export interface CodeNames {
  standard(id: string): string | undefined;
  indicator(code: string): string | undefined;
}
export const CodeNamesContext = createContext<CodeNames | null>(null);

/** Keys whose values are codes with a label in the dictionary (class.poor, role.viewer…). */
const LABELLED: Record<string, string> = {
  class: 'class',
  status: 'class',
  role: 'role',
  sex: 'sex',
  educationLevel: 'education',
  employment: 'employment',
  area: 'area',
};

export function formatValue(value: unknown, i18n: I18n, key = '', names: CodeNames | null = null): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'string' && LABELLED[key]) return i18n.tOr(`${LABELLED[key]}.${value}`, value);
  if (typeof value === 'string' && (key === 'standard' || key === 'standardId'))
    return names?.standard(value) ?? value;
  if (key === 'scopes' && Array.isArray(value))
    return value.length ? value.map((s) => scopeText(s, i18n)).join('; ') : '—';
  if (key === 'deficits' && Array.isArray(value)) {
    return value.length
      ? value.map((c) => (typeof c === 'string' ? (names?.indicator(c) ?? c) : String(c))).join(', ')
      : '—';
  }
  if (typeof value === 'boolean') return value ? i18n.t('common.yes') : i18n.t('common.no');
  if (typeof value === 'number') return i18n.number(value);
  if (typeof value === 'string') {
    if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return i18n.date(value);
    if (/^\d{4}-\d{2}-\d{2}T/.test(value)) return i18n.dateTime(value);
    return value;
  }
  if (Array.isArray(value) && value.every((v) => typeof v !== 'object' || v === null)) {
    return value.length ? value.map((v) => formatValue(v, i18n)).join(', ') : '—';
  }
  const json = JSON.stringify(value);
  return json.length > 80 ? `${json.slice(0, 77)}…` : json;
}

/** A user's scope entry: "Sửa · 01864", "Xem · thôn 1f2e3d4c…". */
function scopeText(s: unknown, i18n: I18n): string {
  if (!isRecord(s)) return String(s);
  const access = s.access === 'write' ? i18n.t('users.write') : i18n.t('users.read');
  const where =
    typeof s.unitCode === 'string' && s.unitCode
      ? s.unitCode
      : typeof s.villageId === 'string'
        ? i18n.t('users.village', { id: s.villageId.slice(0, 8) })
        : '?';
  return `${access} · ${where}`;
}

const MAX_LINES = 6;

export function AuditDiff({ before, after }: { before: unknown; after: unknown }) {
  const i18n = useI18n();
  const names = use(CodeNamesContext);
  const lines = diffLines(before, after);
  if (!lines.length) return <Typography.Text type="secondary">—</Typography.Text>;
  const shown = lines.slice(0, MAX_LINES);
  return (
    <ul className="gn-diff" data-testid="audit-diff">
      {shown.map((l) => (
        <li key={l.key || '_'}>
          {l.key && <span className="gn-diff-key">{i18n.tOr(`field.${l.key}`, l.key)}: </span>}
          {l.kind !== 'added' && (
            <Typography.Text delete={l.kind === 'removed'} type="secondary">
              {formatValue(l.from, i18n, l.key, names)}
            </Typography.Text>
          )}
          {l.kind === 'changed' && ' → '}
          {l.kind !== 'removed' && (
            <Typography.Text strong>{formatValue(l.to, i18n, l.key, names)}</Typography.Text>
          )}
        </li>
      ))}
      {lines.length > MAX_LINES && (
        <li>
          <Typography.Text type="secondary">
            {i18n.t('audit.moreChanges', { n: lines.length - MAX_LINES })}
          </Typography.Text>
        </li>
      )}
    </ul>
  );
}
