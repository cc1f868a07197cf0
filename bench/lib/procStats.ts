// Figures of another process, read from Linux's /proc: its resident memory and the CPU its process tree used.
// (The simulator runs under the tsx CLI, which starts node as a child, so its CPU is that of a tree.)
import { readdirSync, readFileSync, readlinkSync } from "node:fs";

/** VmRSS of `pid` in bytes, or null when it cannot be read (not Linux, process gone). */
export function rssBytes(pid: number): number | null {
  try {
    const m = /^VmRSS:\s+(\d+)\s+kB$/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) * 1024 : null;
  } catch {
    return null;
  }
}

const TICKS_PER_SECOND = 100; // USER_HZ, 100 on every Linux this runs on

function ownCpuMs(pid: number): number {
  // the command may hold spaces and parentheses: fields are counted from the last ")"
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // fields[0] is field 3 (state); utime and stime are fields 14 and 15
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
}

function children(pid: number): number[] {
  const out: number[] = [];
  for (const tid of readdirSync(`/proc/${pid}/task`))
    for (const c of readFileSync(`/proc/${pid}/task/${tid}/children`, "utf8").split(" "))
      if (c.trim()) out.push(Number(c));
  return out;
}

/** CPU ms (user + system, 10 ms resolution) used so far by `pid` and its live descendants; null off Linux. */
export function treeCpuMs(pid: number): number | null {
  try {
    let ms = ownCpuMs(pid);
    for (const c of children(pid)) ms += treeCpuMs(c) ?? 0;
    return ms;
  } catch {
    return null;
  }
}

/** Sockets `pid` holds open (its file descriptors that are sockets); null off Linux. */
export function openSockets(pid: number): number | null {
  try {
    let n = 0;
    for (const fd of readdirSync(`/proc/${pid}/fd`)) {
      try {
        if (readlinkSync(`/proc/${pid}/fd/${fd}`).startsWith("socket:")) n++;
      } catch {
        // closed meanwhile
      }
    }
    return n;
  } catch {
    return null;
  }
}
