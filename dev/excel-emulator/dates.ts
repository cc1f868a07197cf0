// Excel date serials. 1900 system: serial 1 = 1900-01-01 and, copying Lotus 1-2-3, serial 60 is the
// non-existent 1900-02-29, so serials from 61 on are days since 1899-12-30. 1904 system: serial 0 = 1904-01-01.

const DAY_MS = 86_400_000;
const BASE_1900 = Date.UTC(1899, 11, 30);
const BASE_1904 = Date.UTC(1904, 0, 1);

export function dateToSerial(y: number, m: number, d: number, date1904: boolean): number {
  const t = Date.UTC(y, m - 1, d);
  if (date1904) return Math.round((t - BASE_1904) / DAY_MS);
  const days = Math.round((t - BASE_1900) / DAY_MS);
  return days < 61 ? days - 1 : days; // before 1900-03-01 there is no fake leap day yet
}

/** The calendar date and time of a serial; 1900 serial 60 gives the fake {1900, 2, 29}. */
export function serialToParts(
  serial: number,
  date1904: boolean
): { y: number; m: number; d: number; h: number; min: number; s: number } {
  const whole = Math.floor(serial);
  const frac = serial - whole;
  let t: number;
  if (date1904) t = BASE_1904 + whole * DAY_MS;
  else if (whole === 60) return { y: 1900, m: 2, d: 29, ...time(frac) };
  else t = BASE_1900 + (whole < 60 ? whole + 1 : whole) * DAY_MS;
  const dt = new Date(t);
  return { y: dt.getUTCFullYear(), m: dt.getUTCMonth() + 1, d: dt.getUTCDate(), ...time(frac) };
}

function time(frac: number) {
  const secs = Math.round(frac * 86400);
  return { h: Math.floor(secs / 3600), min: Math.floor((secs % 3600) / 60), s: secs % 60 };
}
