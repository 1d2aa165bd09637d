/** Small helpers every bench uses to wait and to print its figures. */
export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
}

/** `d` decimals (3 by default: milliseconds of a figure in seconds). */
export const round = (n: number, d = 3): number => Math.round(n * 10 ** d) / 10 ** d
