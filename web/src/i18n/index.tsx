// The language of the interface: Vietnamese first, English on request; the choice is kept in localStorage.
import { createContext, use, useCallback, useMemo, useState, type ReactNode } from 'react';
import { formatDate, formatDateTime, formatNumber, formatPercent, type Lang } from '../lib/format.ts';
import { en } from './en.ts';
import { vi, type MessageKey } from './vi.ts';

export type { Lang, MessageKey };
export const DICTIONARIES: Record<Lang, Record<MessageKey, string>> = { vi, en };
const STORAGE_KEY = 'giamngheo.lang';

export type Bilingual = { vi: string; en: string };

export interface I18n {
  lang: Lang;
  setLang(lang: Lang): void;
  /** The message for a key, with {name} placeholders filled in. */
  t(key: MessageKey, values?: Record<string, string | number>): string;
  /** A message the API gave in both languages. */
  pick(text: Bilingual): string;
  /** t() for keys built at run time (a class, a role…), with a fallback when the dictionary lacks it. */
  tOr(key: string, fallback: string): string;
  date: (v: string | null | undefined) => string;
  dateTime: (v: string | null | undefined) => string;
  number: (v: number | string | null | undefined) => string;
  percent: (v: number, decimals?: number) => string;
}

function initialLang(): Lang {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'vi';
  } catch {
    return 'vi';
  }
}

export function fill(template: string, values?: Record<string, string | number>): string {
  if (!values) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in values ? String(values[name]) : whole,
  );
}

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(initialLang);
  const setLang = useCallback((next: Lang) => {
    setLangState(next);
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Private browsing may refuse storage: the choice then lasts for this page only.
    }
    document.documentElement.lang = next;
  }, []);
  const value = useMemo<I18n>(() => {
    const dict = DICTIONARIES[lang];
    return {
      lang,
      setLang,
      t: (key, values) => fill(dict[key], values),
      pick: (text) => text[lang],
      tOr: (key, fallback) => (key in dict ? dict[key as MessageKey] : fallback),
      date: formatDate,
      dateTime: formatDateTime,
      number: (v) => formatNumber(v, lang),
      percent: (v, decimals) => formatPercent(v, lang, decimals),
    };
  }, [lang, setLang]);
  return <I18nContext value={value}>{children}</I18nContext>;
}

export function useI18n(): I18n {
  const ctx = use(I18nContext);
  if (!ctx) throw new Error('useI18n outside I18nProvider');
  return ctx;
}
