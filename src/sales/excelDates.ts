// ISO dates ⇄ Excel serial numbers, for both of Excel's date systems.
//
// 1900 system (Windows default): serial 1 = 1900-01-01. Excel keeps Lotus 1-2-3's phantom
// 1900-02-29 as serial 60, so every real date from 1900-03-01 (serial 61) on is one more than a
// plain day count from 1899-12-31 would give. 1904 system (old Mac workbooks): serial 0 = 1904-01-01.
//
// Why plain arithmetic and not date-fns: these functions run for every date cell of a pull (two
// timestamps and a date per record, 100,000s per drain). Parsing by character codes and Howard
// Hinnant's days-from-civil formula is exact for the proleptic Gregorian calendar, allocates
// nothing, and needs no time zone (date-fns' parseISO builds a local-time Date, which would have
// to be undone). Dates are also memoised (below); timestamps are mostly distinct, so they are not.

import { isRealDate } from "../claret/isoDate";

export type DateSystem = 1900 | 1904;

/** Days from 1970-01-01 to serial 0 of each system (1904: 1904-01-01; 1900: 1899-12-30, see above). */
const SERIAL_0_1900 = -25569;
const SERIAL_0_1904 = -24107;
/** 1900-03-01, the first serial the phantom leap day shifts. */
const FIRST_SHIFTED_SERIAL = 61;
/** 9999-12-31, Excel's last date. (A function, not a table keyed 1900/1904: such keys make a slow sparse lookup.) */
const MAX_SERIAL_1900 = 2958465;
const MAX_SERIAL_1904 = 2958465 - 1462;
function maxSerial(system: DateSystem): number {
  return system === 1904 ? MAX_SERIAL_1904 : MAX_SERIAL_1900;
}
const SECONDS_PER_DAY = 86400;

/** Days since 1970-01-01 of a proleptic Gregorian date (Hinnant, "chrono-compatible low-level date algorithms"). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Reads `len` ASCII digits of `s` from `at`; -1 if any is not a digit. */
function digitsAt(s: string, at: number, len: number): number {
  let n = 0;
  for (let i = 0; i < len; i++) {
    const c = s.charCodeAt(at + i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

/** Days since 1970-01-01 of the date at the start of `s` ('YYYY-MM-DD…'), or NaN if it is not a real date. */
function epochDayAt(s: string): number {
  if (s.charCodeAt(4) !== 45 /* - */ || s.charCodeAt(7) !== 45) return NaN;
  const y = digitsAt(s, 0, 4);
  const m = digitsAt(s, 5, 2);
  const d = digitsAt(s, 8, 2);
  if (!isRealDate(y, m, d)) return NaN;
  return daysFromCivil(y, m, d);
}

/** A (possibly fractional) count of days since 1970-01-01 → serial, or null outside Excel's range. */
function epochDaysToSerial(days: number, system: DateSystem): number | null {
  let serial: number;
  if (system === 1904) {
    serial = days - SERIAL_0_1904;
    if (serial < 0) return null;
  } else {
    serial = days - SERIAL_0_1900;
    if (serial < FIRST_SHIFTED_SERIAL) serial -= 1; // before the phantom 1900-02-29
    if (serial < 1) return null;
  }
  return serial >= maxSerial(system) + 1 ? null : serial;
}

/** Serial → days since 1970-01-01, or null for a serial that is no real date (1900's phantom 60, < 1, past 9999). */
function serialToEpochDays(serial: number, system: DateSystem): number | null {
  if (!Number.isFinite(serial) || serial >= maxSerial(system) + 1) return null;
  if (system === 1904) return serial < 0 ? null : serial + SERIAL_0_1904;
  if (serial < 1 || (serial >= 60 && serial < FIRST_SHIFTED_SERIAL)) return null;
  return (serial < 60 ? serial + 1 : serial) + SERIAL_0_1900;
}

// A pull has few distinct sell_dates (one per interval) and many records per date, so a lookup
// beats re-parsing. Bounded so a long session of odd inputs cannot grow it without limit.
const DATE_MEMO_LIMIT = 20_000;
const dateMemo1900 = new Map<string, number | null>();
const dateMemo1904 = new Map<string, number | null>();
const serialMemo1900 = new Map<number, string | null>();
const serialMemo1904 = new Map<number, string | null>();

/** 'YYYY-MM-DD' → whole-day serial; null if not a real date or outside Excel's range. */
export function isoDateToSerial(iso: string, system: DateSystem = 1900): number | null {
  if (iso.length !== 10) return null;
  const memo = system === 1904 ? dateMemo1904 : dateMemo1900;
  let serial = memo.get(iso);
  if (serial === undefined) {
    const day = epochDayAt(iso);
    serial = Number.isNaN(day) ? null : epochDaysToSerial(day, system);
    if (memo.size >= DATE_MEMO_LIMIT) memo.clear();
    memo.set(iso, serial);
  }
  return serial;
}

/**
 * ISO-8601 timestamp as Claret sends it ('2021-09-28T16:51:44.000000Z') → date-time serial whose
 * fraction is the time of day in UTC, as written. Also accepts a space for 'T', no fraction, no
 * zone (taken as UTC) and '±HH:MM' offsets (converted to UTC); a bare 'YYYY-MM-DD' gives the day.
 * Null when it is not a real date-time.
 */
export function isoDateTimeToSerial(iso: string, system: DateSystem = 1900): number | null {
  const len = iso.length;
  if (len === 10) return isoDateToSerial(iso, system);
  if (len < 19) return null;
  const day = epochDayAt(iso);
  const sep = iso.charCodeAt(10);
  if (
    Number.isNaN(day) ||
    (sep !== 84 /* T */ && sep !== 32) ||
    iso.charCodeAt(13) !== 58 ||
    iso.charCodeAt(16) !== 58
  )
    return null;
  const h = digitsAt(iso, 11, 2);
  const mi = digitsAt(iso, 14, 2);
  const sec = digitsAt(iso, 17, 2);
  if (h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 59) return null;
  let seconds = h * 3600 + mi * 60 + sec;
  let i = 19;
  if (i < len && iso.charCodeAt(i) === 46 /* . */) {
    let frac = 0;
    let scale = 1;
    for (i++; i < len; i++) {
      const c = iso.charCodeAt(i) - 48;
      if (c < 0 || c > 9) break;
      if (scale < 1e9) {
        frac = frac * 10 + c;
        scale *= 10;
      }
    }
    if (scale === 1) return null; // a dot with no digits
    seconds += frac / scale;
  }
  if (i < len) {
    const z = iso.charCodeAt(i);
    if (z === 90 /* Z */ && i === len - 1) {
      // UTC
    } else if ((z === 43 || z === 45) && (len - i === 6 || len - i === 5)) {
      const oh = digitsAt(iso, i + 1, 2);
      const om = digitsAt(iso, len - 2, 2);
      if (oh < 0 || om < 0 || oh > 23 || om > 59 || (len - i === 6 && iso.charCodeAt(i + 3) !== 58))
        return null;
      seconds -= (z === 43 ? 1 : -1) * (oh * 3600 + om * 60);
    } else {
      return null;
    }
  }
  return epochDaysToSerial(day + seconds / SECONDS_PER_DAY, system);
}

/** Serial → 'YYYY-MM-DD' of the day it falls on (a time of day is dropped); null if it is no real date. */
export function serialToIsoDate(serial: number, system: DateSystem = 1900): string | null {
  const whole = Math.floor(serial);
  const memo = system === 1904 ? serialMemo1904 : serialMemo1900;
  let iso = memo.get(whole);
  if (iso === undefined) {
    const days = serialToEpochDays(whole, system);
    iso = days === null ? null : new Date(days * SECONDS_PER_DAY * 1000).toISOString().slice(0, 10);
    if (memo.size >= DATE_MEMO_LIMIT) memo.clear();
    memo.set(whole, iso);
  }
  return iso;
}

/**
 * Serial → 'YYYY-MM-DDTHH:MM:SS.ffffffZ' (Claret's own timestamp shape), rounded to the millisecond:
 * a double holds a date-time serial to about a microsecond, so finer digits would be noise.
 */
export function serialToIsoDateTime(serial: number, system: DateSystem = 1900): string | null {
  if (!Number.isFinite(serial)) return null;
  const whole = Math.floor(serial);
  const days = serialToEpochDays(whole, system);
  if (days === null) return null;
  const ms = Math.round((serial - whole) * SECONDS_PER_DAY * 1000);
  return new Date(days * SECONDS_PER_DAY * 1000 + ms).toISOString().replace(/Z$/, "000Z");
}
