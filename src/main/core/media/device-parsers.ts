import type { DeviceInfo } from '../../../shared/contract'

/**
 * Pure parsers of what ffmpeg says about a machine's devices (table-tested with real outputs). Each returns
 * DeviceInfo rows whose `source` is the SOURCE string `onair live/record` accepts.
 */

/** `ffmpeg -sources pulse`: "* name [description] (none)"; the star marks the default. Monitors are system audio. */
export function parsePulseSources(text: string): DeviceInfo[] {
  const out: DeviceInfo[] = []
  let systemListed = false
  for (const line of text.split('\n')) {
    const m = /^\s*(\*?)\s*(\S+)\s+\[(.*)\]/.exec(line)
    if (!m) continue
    const [, , name, description] = m
    if (name.endsWith('.monitor')) {
      if (!systemListed) out.push({ kind: 'system', source: 'system', label: `System audio (${description})`, ours: { key: 'system', detail: description } })
      systemListed = true
      continue
    }
    out.push({ kind: 'mic', source: `mic:${name}`, label: description || name })
  }
  return out
}

/**
 * `ffmpeg -sources alsa`: same shape as pulse. Only hardware PCMs count: ALSA also lists its plugins (jack, oss,
 * speex...), which are not microphones.
 */
export function parseAlsaSources(text: string): DeviceInfo[] {
  const out: DeviceInfo[] = []
  for (const line of text.split('\n')) {
    const m = /^\s*\*?\s*(\S+)\s+\[(.*)\]/.exec(line)
    if (m && /^(default|(hw|plughw|sysdefault|dsnoop):.+)$/.test(m[1])) out.push({ kind: 'mic', source: `mic:alsa:${m[1]}`, label: m[2] || m[1] })
  }
  return out
}

/** The size ffmpeg reports for an input ("Stream #0:0: Video: rawvideo (BGR[0] ...), bgr0, 1280x720, ..."). */
export function parseVideoSize(text: string): { width: number; height: number } | null {
  const m = /Stream #\d+:\d+.*Video:.*?\b(\d{2,5})x(\d{2,5})\b/.exec(text)
  return m ? { width: Number(m[1]), height: Number(m[2]) } : null
}

/** `ffmpeg -f avfoundation -list_devices true -i ""` (stderr). Screens are video devices named "Capture screen N". */
export function parseAvfoundationDevices(text: string): DeviceInfo[] {
  const out: DeviceInfo[] = []
  let section: 'video' | 'audio' | null = null
  for (const line of text.split('\n')) {
    if (/AVFoundation video devices/.test(line)) section = 'video'
    else if (/AVFoundation audio devices/.test(line)) section = 'audio'
    const m = /\]\s*\[(\d+)\]\s+(.+?)\s*$/.exec(line)
    if (!m || !section) continue
    const [, index, name] = m
    const screen = /^Capture screen (\d+)$/.exec(name)
    if (section === 'video' && screen)
      out.push({ kind: 'screen', source: `screen:${screen[1]}`, label: `Screen ${screen[1]}`, ours: { key: 'screen', index: screen[1] } })
    else if (section === 'video') out.push({ kind: 'camera', source: `camera:${index}`, label: name })
    else out.push({ kind: 'mic', source: `mic:${index}`, label: name })
  }
  return out
}

/**
 * `ffmpeg -list_devices true -f dshow -i dummy` (stderr), both layouts: ffmpeg ≥ 5 tags each line
 * `"Name" (video|audio|none)`, older builds list names under "DirectShow video/audio devices" headings.
 */
export function parseDshowDevices(text: string): DeviceInfo[] {
  const out: DeviceInfo[] = []
  let section: 'video' | 'audio' | null = null
  for (const line of text.split('\n')) {
    if (/DirectShow video devices/.test(line)) section = 'video'
    else if (/DirectShow audio devices/.test(line)) section = 'audio'
    if (/Alternative name/.test(line)) continue
    const m = /\]\s+"(.+)"(?:\s+\((video|audio|none)\))?\s*$/.exec(line)
    if (!m) continue
    const kind = (m[2] as 'video' | 'audio' | 'none' | undefined) ?? section
    if (kind === 'video') out.push({ kind: 'camera', source: `camera:${m[1]}`, label: m[1] })
    else if (kind === 'audio') {
      const loopback = /stereo mix|what u hear|loopback|virtual-audio-capturer/i.test(m[1])
      out.push({ kind: loopback ? 'system' : 'mic', source: loopback ? 'system' : `mic:${m[1]}`, label: m[1] })
    }
  }
  return out
}

/** X11 window ids as xwininfo and xprop print them (`0x600008`, `0x01400003`), in one form. */
function normaliseWindowId(id: string): string {
  return `0x${parseInt(id, 16).toString(16)}`
}

/** Windows smaller than this are tool tips, docks and off-screen helpers, not something to broadcast. */
const MIN_WINDOW_SIDE = 64

/**
 * Capturable windows (`window:ID` for x11grab) from `xwininfo -root -tree`, whose lines read
 * `0x600008 "Title": ("res_name" "ResClass")  320x240+480+240  +480+240` (titles in UTF-8, Korean and Vietnamese
 * included). With a window manager, `xprop -root _NET_CLIENT_LIST` names exactly the windows of the task bar; without
 * one (`clientList` null), named windows that carry a WM_CLASS and a usable size stand in.
 */
export function parseX11Windows(tree: string, clientList: string | null): DeviceInfo[] {
  return x11WindowRows(tree, clientList).flatMap((w) =>
    w.title === null ? [] : [{ kind: 'window' as const, source: `window:${w.id}`, label: `${w.title} (${w.width}×${w.height})` }]
  )
}

/**
 * Windows xwininfo cannot name (`(name in unsupported encoding COMPOUND_TEXT)`: an older toolkit's title in Korean or
 * Vietnamese): their ids and sizes, to be named by `xprop -id ID WM_NAME` in a UTF-8 locale (parseXpropName).
 */
export function x11WindowsWithoutName(tree: string, clientList: string | null): Array<{ id: string; width: number; height: number }> {
  return x11WindowRows(tree, clientList).flatMap((w) => (w.title === null ? [{ id: w.id, width: w.width, height: w.height }] : []))
}

/** `xprop -id ID _NET_WM_NAME WM_NAME` → the first title it prints (`WM_NAME(COMPOUND_TEXT) = "게임"`), unescaped; null if none. */
export function parseXpropName(text: string): string | null {
  for (const line of text.split('\n')) {
    const m = /^(?:_NET_WM_NAME|WM_NAME)\([A-Z0-9_]+\) = "((?:[^"\\]|\\.)*)"/.exec(line)
    if (m && m[1].trim()) return m[1].replace(/\\(.)/g, '$1')
  }
  return null
}

/** The capturable windows of `xwininfo -root -tree`, named (title) or not (null: its name is in an encoding it cannot print). */
function x11WindowRows(tree: string, clientList: string | null): Array<{ id: string; title: string | null; width: number; height: number }> {
  const clients = clientList && /#/.test(clientList) ? new Set((clientList.split('#')[1].match(/0x[0-9a-f]+/gi) ?? []).map(normaliseWindowId)) : null
  const out: Array<{ id: string; title: string | null; width: number; height: number }> = []
  const seen = new Set<string>()
  for (const line of tree.split('\n')) {
    const m = /^\s*(0x[0-9a-f]+) (?:"(.*)":|\(name in unsupported encoding [^)]*\):) \((.*)\)\s+(\d+)x(\d+)[+-]/i.exec(line)
    if (!m) continue
    const [, rawId, title, windowClass, width, height] = m
    const id = normaliseWindowId(rawId)
    if (seen.has(id) || (title !== undefined && !title.trim())) continue
    if (clients ? !clients.has(id) : !windowClass.trim() || Number(width) < MIN_WINDOW_SIDE || Number(height) < MIN_WINDOW_SIDE) continue
    seen.add(id)
    out.push({ id, title: title ?? null, width: Number(width), height: Number(height) })
  }
  return out
}
