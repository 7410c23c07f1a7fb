// Today, as the server counts it: the day in Vietnam by the server's clock. Date fields default to it and
// stop at it, as the server's own checks do ("not after today"). The device's clock alone was wrong twice
// over: a tablet whose clock is off (a flat clock battery brings it back to 2020) offered and refused the
// wrong days, and a day taken from the UTC date (`toISOString`) was yesterday before 7 in the morning.
//
// The server tells its day (GET /api/auth/me, sign-in, a field snapshot); the device keeps it with the day
// its own clock said then (the anchor, kept across reloads for offline use). Later, today is the server's
// day moved on by the days the device's clock has counted since: right after midnight without asking again,
// and right days later offline, whatever the device's clock is set to, as long as it runs.
import dayjs, { type Dayjs } from 'dayjs';
import { VIETNAM } from './format.ts';

/** Where the device keeps its anchor (localStorage). */
export const ANCHOR_KEY = 'giamngheo.today';

/** The server's day, and the device's day (in Vietnam) when it was told. */
export interface DayAnchor {
  server: string;
  device: string;
}

const dayInVietnam = new Intl.DateTimeFormat('en-CA', {
  timeZone: VIETNAM,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The day (YYYY-MM-DD) an instant falls on in Vietnam, whatever the device's own time zone. */
export function vietnamDay(at: Date): string {
  return dayInVietnam.format(at);
}

const dayNumber = (day: string): number => Date.parse(`${day}T00:00:00Z`) / 86_400_000;

/**
 * Today from an anchor and the device's day now (both YYYY-MM-DD): the server's day moved on by the days
 * between; the device's day when nothing was told.
 */
export function todayFrom(anchor: DayAnchor | null, deviceDay: string): string {
  if (!anchor) return deviceDay;
  const days = dayNumber(deviceDay) - dayNumber(anchor.device);
  return new Date((dayNumber(anchor.server) + days) * 86_400_000).toISOString().slice(0, 10);
}

function readAnchor(): DayAnchor | null {
  try {
    const saved = localStorage.getItem(ANCHOR_KEY);
    const a = saved ? (JSON.parse(saved) as Partial<DayAnchor>) : null;
    const isDay = (s: unknown) => typeof s === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(s);
    return a && isDay(a.server) && isDay(a.device) ? { server: a.server!, device: a.device! } : null;
  } catch {
    return null;
  }
}

let anchor: DayAnchor | null = typeof localStorage === 'undefined' ? null : readAnchor();

/** The server's day (YYYY-MM-DD), told just now. */
export function setServerToday(server: string): void {
  anchor = { server, device: vietnamDay(new Date()) };
  try {
    localStorage.setItem(ANCHOR_KEY, JSON.stringify(anchor));
  } catch {
    // Storage refused (private browsing): the day holds until the page is reloaded.
  }
}

/** Today (YYYY-MM-DD) as the server counts it. */
export function todayIso(): string {
  return todayFrom(anchor, vietnamDay(new Date()));
}

/** Today as a date-picker value. */
export function today(): Dayjs {
  return dayjs(todayIso());
}

/** For a date picker's `disabledDate`: the days after today. */
export function afterToday(d: Dayjs): boolean {
  return d.isAfter(today(), 'day');
}
