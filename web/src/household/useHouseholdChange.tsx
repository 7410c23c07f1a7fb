// Runs a change of a household with the version the screen shows; on 409 it shows who changed what
// meanwhile and replaces the record with the current one, so the user can check and save again.
import { App, Typography } from 'antd';
import { useCallback } from 'react';
import { ApiError, staleChanges } from '../api/errors.ts';
import type { Household } from '../api/types.ts';
import { auditActionName } from '../../../src/domain/audit/vocabulary.ts';
import { AuditDiff } from '../components/AuditDiff.tsx';
import { useI18n } from '../i18n/index.tsx';

export type ChangeOutcome =
  { ok: true; household: Household } | { ok: false; error: unknown; stale: boolean };

function isHousehold(v: unknown): v is Household {
  return !!v && typeof v === 'object' && 'householdId' in v && 'version' in v && 'members' in v;
}

export function useHouseholdChange(
  household: Household,
  replace: (h: Household) => void,
  reload: () => void,
) {
  const { modal, message } = App.useApp();
  const { t, lang, dateTime } = useI18n();
  return useCallback(
    async (send: (version: number) => Promise<Household>, done: string): Promise<ChangeOutcome> => {
      try {
        const next = await send(household.version);
        replace(next);
        void message.success(done);
        return { ok: true, household: next };
      } catch (error) {
        if (error instanceof ApiError && error.code === 'STALE_VERSION') {
          const changes = staleChanges(error);
          const current = error.details.current;
          if (isHousehold(current)) replace(current);
          else reload();
          modal.warning({
            title: t('stale.title'),
            width: 640,
            content: (
              <div data-testid="stale-changes">
                <Typography.Paragraph>{t('stale.text')}</Typography.Paragraph>
                {changes.length === 0 && <Typography.Paragraph>{t('stale.unknown')}</Typography.Paragraph>}
                {changes.map((c, i) => (
                  <div key={i} style={{ marginBottom: 8 }}>
                    <Typography.Text strong>{c.by}</Typography.Text>
                    {' · '}
                    {dateTime(c.at)}
                    {' · '}
                    {auditActionName(c.action, lang)}
                    <AuditDiff before={c.before} after={c.after} />
                  </div>
                ))}
              </div>
            ),
          });
          return { ok: false, error, stale: true };
        }
        return { ok: false, error, stale: false };
      }
    },
    [household.version, replace, reload, modal, message, t, lang, dateTime],
  );
}
