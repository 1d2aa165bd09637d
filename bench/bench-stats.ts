import { readFileSync } from 'node:fs'

/** Small helpers every bench uses to wait, to read CPU and to print its figures. */
export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
}

/** `d` decimals (3 by default: milliseconds of a figure in seconds). */
export const round = (n: number, d = 3): number => Math.round(n * 10 ** d) / 10 ** d

/** CPU seconds a running process has used so far (/proc/PID/stat utime + stime, in USER_HZ = 100); 0 once it is gone. */
export function processCpuSeconds(pid: number | undefined): number {
  if (!pid) return 0
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return (Number(fields[11]) + Number(fields[12])) / 100
  } catch {
    return 0
  }
}
