/**
 * CPU time by process, read from Linux's /proc: where a bench's seconds are spent when the kiosk (Chromium's browser,
 * renderer and network processes) and the API (this Node process) share the machine's cores. Wall time says how long;
 * this says who was busy. Elsewhere than Linux it reads nothing and says so.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second for /proc/<pid>/stat's utime and stime (USER_HZ: 100 on every Linux in use). */
const TICKS_PER_SECOND = 100;

/** A Chromium process's role from its command line: browser, renderer, network, storage, gpu or other utility. */
export function chromiumRole(cmdline: string): string {
  const type = /--type=([\w-]+)/.exec(cmdline)?.[1];
  if (!type) return 'browser';
  if (type !== 'utility') return type === 'gpu-process' ? 'gpu' : type;
  const sub = /--utility-sub-type=([\w.]+)/.exec(cmdline)?.[1] ?? '';
  if (/network/i.test(sub)) return 'network';
  if (/storage/i.test(sub)) return 'storage';
  return 'utility';
}

interface ProcEntry {
  pid: number;
  ppid: number;
  cpuMs: number;
  cmdline: string;
}

function readProcs(): ProcEntry[] {
  const entries: ProcEntry[] = [];
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return entries;
  }
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      // The command name is in parentheses and may hold spaces: the fields start after the last ')'.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ppid = Number(fields[1]);
      const cpuMs = ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
      entries.push({ pid: Number(pid), ppid, cpuMs, cmdline });
    } catch {
      // gone meanwhile
    }
  }
  return entries;
}

/** CPU milliseconds so far by role: `node` (this process) and each Chromium role among this process's descendants. */
export function cpuByRole(): Map<string, number> {
  const procs = readProcs();
  const children = new Map<number, ProcEntry[]>();
  for (const p of procs) children.set(p.ppid, [...(children.get(p.ppid) ?? []), p]);
  const byRole = new Map<string, number>();
  const usage = process.cpuUsage();
  byRole.set('node', (usage.user + usage.system) / 1000);
  const walk = (pid: number) => {
    for (const child of children.get(pid) ?? []) {
      if (/chrom/i.test(child.cmdline)) {
        const role = chromiumRole(child.cmdline);
        byRole.set(`chromium ${role}`, (byRole.get(`chromium ${role}`) ?? 0) + child.cpuMs);
      }
      walk(child.pid);
    }
  };
  walk(process.pid);
  return byRole;
}

/** What each role spent between two readings, per unit (e.g. per batch), as "node 21.3 · chromium renderer 9.1 …". */
export function cpuBetween(before: Map<string, number>, after: Map<string, number>, units: number): { line: string; total: number } {
  const parts: string[] = [];
  let total = 0;
  for (const [role, ms] of after) {
    const spent = (ms - (before.get(role) ?? 0)) / Math.max(1, units);
    if (spent < 0.05) continue;
    total += spent;
    parts.push(`${role} ${spent.toFixed(1)}`);
  }
  return { line: parts.length > 0 ? parts.join(' · ') : 'not readable here (no /proc)', total };
}
