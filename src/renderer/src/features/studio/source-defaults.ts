import type { DeviceInfo } from '../../../../shared/contract'

/** Sources that generate a picture or a tone instead of capturing one: listed apart, never chosen for the streamer. */
export const TEST_VIDEO = 'testsrc'
export const TEST_AUDIO = 'sine'
export const NO_AUDIO = 'none'

export function isTestSignal(source: string): boolean {
  return source === TEST_VIDEO || source === TEST_AUDIO
}

/**
 * The sources a show starts from (issue 9 item 2): the remembered ones while this computer still has them, otherwise
 * the first screen (else the first camera) and the first microphone (else system audio). A test signal is kept only
 * when the streamer chose it; with nothing real to capture the picture is the test pattern and the sound is silence,
 * never a tone a careless click would broadcast. Null while the device list is not known yet.
 */
export function defaultSources(devices: DeviceInfo[] | null, remembered: { video?: string; audio?: string }): { video: string; audio: string } | null {
  if (devices === null) return null
  const has = (source: string) => devices.some((d) => d.source === source)
  const keep = (source: string | undefined) =>
    source !== undefined && (isTestSignal(source) || source === NO_AUDIO || source.startsWith('file:') || has(source))
  const first = (...kinds: Array<DeviceInfo['kind']>) => kinds.map((kind) => devices.find((d) => d.kind === kind)).find(Boolean)?.source
  return {
    video: keep(remembered.video) ? remembered.video! : (first('screen', 'camera') ?? TEST_VIDEO),
    audio: keep(remembered.audio) ? remembered.audio! : (first('mic', 'system') ?? NO_AUDIO)
  }
}
