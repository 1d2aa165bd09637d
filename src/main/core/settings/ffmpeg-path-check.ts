import { accessSync, constants, statSync } from 'node:fs'
import { basename } from 'node:path'

/**
 * Why a chosen ffmpeg program cannot be saved, or null. The path comes from a window (the renderer is untrusted,
 * DESIGN §7) and main will run it: only an existing, executable file named ffmpeg is taken, so a settings change
 * cannot make main start some other program.
 */
export function ffmpegPathProblem(path: string, platform: NodeJS.Platform = process.platform): string | null {
  const name = basename(path)
  const program = platform === 'win32' ? 'ffmpeg.exe' : 'ffmpeg'
  if (!(platform === 'win32' ? /^ffmpeg\.exe$/i : /^ffmpeg$/).test(name)) return `Choose the ffmpeg program itself: a file called ${program}.`
  try {
    if (!statSync(path).isFile()) return `That ${program} is a folder, not the program.`
    if (platform !== 'win32') accessSync(path, constants.X_OK)
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ENOENT'
      ? `There is no ${program} at ${path}.`
      : `That ${program} cannot be run (no permission to execute it).`
  }
  return null
}
