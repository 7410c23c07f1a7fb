// Runs a step of a review round with the event count the screen shows. A 409 means someone else moved the
// round on meanwhile: the round is reloaded and the user told so; any other refusal (422: the rule's
// message) goes back to the dialog that sent it.
import { App } from 'antd';
import { useCallback } from 'react';
import { api, call } from '../api/client.ts';
import { ApiError } from '../api/errors.ts';
import type { Round, RoundEvent } from '../api/types.ts';
import { useI18n } from '../i18n/index.tsx';

export type RoundOutcome = { ok: true; round: Round } | { ok: false; error: unknown; stale: boolean };
export type RunRound = (
  send: (expectedCount: number) => Promise<Round>,
  /** The message once done (a function: worded from what the sending learnt). */
  done: string | (() => string),
) => Promise<RoundOutcome>;

export function useRoundChange(round: Round, replace: (r: Round) => void, reload: () => void): RunRound {
  const { modal, message } = App.useApp();
  const { t } = useI18n();
  return useCallback(
    async (send, done) => {
      try {
        const next = await send(round.eventCount);
        replace(next);
        void message.success(typeof done === 'function' ? done() : done);
        return { ok: true, round: next };
      } catch (error) {
        if (error instanceof ApiError && error.status === 409) {
          reload();
          modal.warning({
            title: t('round.staleTitle'),
            content: <div data-testid="round-stale">{t('round.staleText')}</div>,
          });
          return { ok: false, error, stale: true };
        }
        return { ok: false, error, stale: false };
      }
    },
    [round.eventCount, replace, reload, modal, message, t],
  );
}

/** Sends events to the round (all or none, in order). */
export function sendEvents(roundId: string, events: RoundEvent[]) {
  return (expectedCount: number) =>
    call(() =>
      api.POST('/api/rounds/{roundId}/events', {
        params: { path: { roundId } },
        body: { expectedCount, events },
      }),
    );
}
