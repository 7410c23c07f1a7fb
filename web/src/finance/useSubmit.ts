// Sends a form to the API: busy while it runs, the server's vi/en field errors placed on the form's items
// and the rest (a refused rule, a missing permission) kept for the ErrorAlert above the form.
import type { FormInstance } from 'antd';
import { useState } from 'react';
import { ApiError, placeFieldErrors, type FieldError } from '../api/errors.ts';
import { useI18n } from '../i18n/index.tsx';

export function useSubmit<V, R>(
  form: FormInstance<V>,
  fields: readonly string[],
  send: (values: V) => Promise<R>,
  done: (result: R) => void,
  /** Request paths that name a form item differently ('body.amountVnd' → 'amount'). */
  rename: Record<string, string> = {},
) {
  const { pick } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [rest, setRest] = useState<FieldError[] | undefined>();

  const submit = async (values: V) => {
    setBusy(true);
    setError(null);
    setRest(undefined);
    try {
      done(await send(values));
    } catch (e) {
      setError(e);
      if (e instanceof ApiError) {
        const mapped = e.fields.map((f) => {
          const to = Object.entries(rename).find(
            ([from]) => f.path === from || f.path.startsWith(`${from}.`),
          );
          return to ? { ...f, path: f.path.replace(to[0], to[1]) } : f;
        });
        const placed = placeFieldErrors(mapped, [/^body\./, /^querystring\./], fields);
        form.setFields(placed.placed.map((p) => ({ name: p.name as never, errors: [pick(p.message)] })));
        // A refused rule names the whole body with the error's own message: the title already says it.
        setRest(placed.rest.filter((f) => f.message.vi !== e.text.vi || f.message.en !== e.text.en));
      }
    } finally {
      setBusy(false);
    }
  };
  const reset = () => {
    setError(null);
    setRest(undefined);
  };
  return { busy, error, rest, submit, reset };
}
