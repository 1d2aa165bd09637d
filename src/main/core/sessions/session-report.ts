import { HEALTH_LEVELS, type HealthLevel, type LiveState, type LogEvent } from '../../../shared/live'
import type { ProviderId } from '../../../shared/providers'
import type {
  BitrateFigures,
  DestinationReport,
  OutageRecovery,
  SessionEnding,
  SessionError,
  SessionOutage,
  SessionRecordingReport,
  SessionReport,
  SessionSummary
} from '../../../shared/sessions'
import type { DestinationLine, HeaderLine, LogLine, SessionLine, StateLine, StatsLine } from './session-lines'

/**
 * The session report (DESIGN §11), from the lines of one session file and nothing else: a pure function, so a show
 * read back a year later gives the same figures as on the night. Outages come from the state lines (exact times),
 * their causes and attempts from the log, figures from the 2 s stats samples.
 */
export function sessionReport(lines: SessionLine[], options: { id: string; running?: boolean }): SessionReport {
  const header = lines.find((l): l is HeaderLine => l.t === 'header')
  const states = lines.filter((l): l is StateLine => l.t === 'state')
  const stats = lines.filter((l): l is StatsLine => l.t === 'stats')
  const logs = lines.filter((l): l is LogLine => l.t === 'log')
  const endLine = lines.findLast((l) => l.t === 'end')
  const times = lines.map(lineTime).filter((t): t is number => t !== undefined)
  const start = header?.start ?? (times.length ? min(times) : 0)
  const end = endLine?.time ?? max([start, ...times])
  const ending: SessionReport['ending'] = endLine?.ending ?? (options.running ? 'running' : 'crashed')
  const endRecovery: OutageRecovery = ending === 'clean' ? 'ended' : ending === 'running' ? 'ongoing' : ending
  const error = endLine?.error ? sessionError(endLine.error) : undefined

  const destinations = destinationsOf(header, states)
  const liveSince = states.find((s) => s.liveSince !== undefined)?.liveSince ?? states.find((s) => s.destinations.some((d) => d.state === 'live'))?.time

  // Whether any destination was live after each state line, and each destination's own spans.
  let onAirMs = 0
  const showOutages: SessionOutage[] = []
  let anyLive = false
  let lastTime = start
  let openShowOutage: SessionOutage | null = null
  for (const s of states) {
    if (anyLive) onAirMs += Math.max(0, s.time - lastTime)
    lastTime = s.time
    const nowLive = s.destinations.some((d) => d.state === 'live')
    if (anyLive && !nowLive && !isFinal(s.state)) {
      openShowOutage = { start: s.time, seconds: 0, recovery: endRecovery, attempts: 0, destinations: [] }
      showOutages.push(openShowOutage)
    } else if (!anyLive && nowLive && openShowOutage) {
      openShowOutage.seconds = seconds(s.time - openShowOutage.start)
      openShowOutage.recovery = 'reconnected'
      openShowOutage = null
    }
    anyLive = nowLive
  }
  if (anyLive) onAirMs += Math.max(0, end - lastTime)
  if (openShowOutage) openShowOutage.seconds = seconds(end - openShowOutage.start)

  const reports = destinations.map((d) => destinationReport(d, states, stats, logs, end, endRecovery))
  for (const outage of showOutages) {
    const outageEnd = outage.start + outage.seconds * 1000
    const down = reports.flatMap((r) => r.outages.filter((o) => o.start <= outageEnd && o.start + o.seconds * 1000 >= outage.start).map((o) => ({ r, o })))
    outage.destinations = [...new Set(down.map(({ r }) => r.id))]
    outage.attempts = down.reduce((n, { o }) => n + o.attempts, 0)
    // The cause is the last drop before the show went off air: the one that took it off.
    const trigger = down.filter(({ o }) => o.cause && o.start <= outage.start).sort((a, b) => b.o.start - a.o.start)[0]
    if (trigger) outage.cause = trigger.o.cause
  }

  const live = liveSince === undefined ? [] : stats.filter((s) => s.time >= liveSince + WARMUP_MS)
  const sent = live.map((s) => s.destinations.reduce((n, d) => n + d.kbps, 0))
  const speeds = live.map((s) => s.speed).filter((v) => v > 0)
  const encoderDropped = max(stats.map((s) => s.droppedFrames))
  const recording = recordingOf(lines, states, end)
  const unstreamed = (states.findLast((s) => s.unstreamed?.length)?.unstreamed ?? []).map((s) => {
    const spanEnd = Math.max(s.start, s.end ?? end)
    return { start: s.start, end: spanEnd, seconds: seconds(spanEnd - s.start) }
  })

  return {
    id: options.id,
    start,
    end,
    durationSeconds: seconds(end - start),
    ending,
    ...(error ? { error } : {}),
    sources: header?.sources ? { video: header.sources.video, audio: header.sources.audio } : null,
    ...(header?.output ? { output: header.output } : {}),
    ...(liveSince !== undefined ? { liveSince } : {}),
    onAirSeconds: seconds(onAirMs),
    recordedSeconds: recording ? recording.seconds : null,
    outages: showOutages,
    reconnects: reports.reduce((n, r) => n + r.reconnects, 0),
    bitrate: bitrateOf(sent),
    droppedFrames: encoderDropped + reports.reduce((n, r) => n + r.droppedFrames, 0),
    encoderSpeedMin: speeds.length ? round(min(speeds), 2) : null,
    health: healthShares(lines, end),
    destinations: reports,
    providerEvents: logs.filter((l) => l.source).map(logEvent),
    recording,
    ...(unstreamed.length ? { unstreamed } : {}),
    logLines: logs.length
  }
}

/** What `sessions:list` shows of a show, from its report. */
export function sessionSummary(report: SessionReport): SessionSummary {
  return {
    id: report.id,
    start: report.start,
    end: report.end,
    durationSeconds: report.durationSeconds,
    ending: report.ending,
    ...(report.error ? { errorCode: report.error.code } : {}),
    destinations: report.destinations.map((d) => d.label),
    onAirSeconds: report.onAirSeconds,
    outages: report.outages.length,
    reconnects: report.reconnects,
    recordedSeconds: report.recordedSeconds
  }
}

/**
 * Stats sampled this soon after going live are left out of the figures: the fan-out's rate covers the last second,
 * which then began before the push did (a 3 s show read as "0 kbps on average").
 */
const WARMUP_MS = 1500

const FINAL: ReadonlySet<LiveState> = new Set(['ending', 'ended', 'failed'])
const isFinal = (state: LiveState) => FINAL.has(state)

function destinationReport(
  d: DestinationLine,
  states: StateLine[],
  stats: StatsLine[],
  logs: LogLine[],
  end: number,
  endRecovery: OutageRecovery
): DestinationReport {
  const mine = logs.filter((l) => l.data?.id === d.id)
  const outages: SessionOutage[] = []
  let open: SessionOutage | null = null
  let wasLive = false
  let since = 0
  let onAirMs = 0
  let firstLive: number | undefined
  let failedAt: number | undefined
  let finalState: LiveState = d.state ?? 'idle'
  for (const s of states) {
    const state = s.destinations.find((x) => x.id === d.id)?.state
    if (!state) continue
    finalState = state
    const live = state === 'live'
    if (live && firstLive === undefined) firstLive = s.time
    if (state === 'failed' && failedAt === undefined) failedAt = s.time
    if (wasLive && !live) {
      onAirMs += s.time - since
      // Going down while the show goes on is an outage; the show's own end is not.
      if (!isFinal(s.state)) {
        open = { start: s.time, seconds: 0, recovery: state === 'failed' ? 'failed' : endRecovery, attempts: 0 }
        outages.push(open)
      }
    } else if (!wasLive && live) {
      since = s.time
      if (open) {
        open.seconds = seconds(s.time - open.start)
        open.recovery = 'reconnected'
        open = null
      }
    }
    if (open && state === 'failed') open.recovery = 'failed'
    wasLive = live
  }
  if (wasLive) onAirMs += end - since
  if (open) open.seconds = seconds(end - open.start)
  const error = d.error ? sessionError(d.error) : undefined
  for (const outage of outages) {
    const until = outage.start + outage.seconds * 1000
    // The log line comes in the same instant as the state change; a little slack keeps it whichever came first.
    const attempts = mine.filter((l) => l.code === 'pusher.reconnecting' && l.time >= outage.start - 1000 && l.time <= until)
    outage.attempts = attempts.length
    const cause = attempts.map((l) => l.data?.cause ?? l.data?.code).find((c) => typeof c === 'string')
    if (typeof cause === 'string') outage.cause = cause
    else if (outage.recovery === 'failed' && error) outage.cause = error.code
  }

  const span = firstLive === undefined ? [] : stats.filter((s) => s.time >= firstLive + WARMUP_MS && (failedAt === undefined || s.time <= failedAt))
  const figures = span.map((s) => s.destinations.find((x) => x.id === d.id)).filter((x) => x !== undefined)
  return {
    id: d.id,
    provider: d.provider as ProviderId,
    profile: d.profile,
    ...(d.channelId ? { channelId: d.channelId } : {}),
    ...(d.backup ? { backup: true } : {}),
    label: d.label,
    finalState,
    ...(error ? { error } : {}),
    onAirSeconds: seconds(onAirMs),
    outages,
    reconnects: mine.filter((l) => l.code === 'pusher.reconnected').length,
    bitrate: bitrateOf(figures.map((f) => f.kbps)),
    droppedFrames: max(stats.map((s) => s.destinations.find((x) => x.id === d.id)?.droppedFrames ?? 0)),
    congestionMax: round(max(figures.map((f) => f.congestion)), 2),
    providerEvents: mine.filter((l) => l.source).length
  }
}

/** Every destination the show had, as the last state line that named it saw it (the header's when none did). */
function destinationsOf(header: HeaderLine | undefined, states: StateLine[]): DestinationLine[] {
  const byId = new Map<string, DestinationLine>()
  for (const d of header?.destinations ?? []) byId.set(d.id, d)
  for (const s of states) for (const d of s.destinations) byId.set(d.id, { ...byId.get(d.id), ...d })
  return [...byId.values()]
}

function recordingOf(lines: SessionLine[], states: StateLine[], end: number): SessionRecordingReport | null {
  const told = lines.findLast((l) => l.t === 'recording')
  if (told)
    return {
      path: told.path,
      seconds: round(told.seconds, 1),
      complete: told.complete,
      ...(told.error ? { error: told.error as SessionRecordingReport['error'] } : {})
    }
  const first = states.find((s) => s.recordingPath)
  if (!first?.recordingPath) return null
  // No word from the recording at the end (a crash): how long it was being written, and not complete until a repair says so.
  return { path: first.recordingPath, seconds: seconds(end - first.time), complete: false }
}

/** Each level held from its line until the next one (or the end). */
function healthShares(lines: SessionLine[], end: number): Record<HealthLevel, number> {
  const shares = Object.fromEntries(HEALTH_LEVELS.map((l) => [l, 0])) as Record<HealthLevel, number>
  const health = lines.filter((l) => l.t === 'health')
  let total = 0
  health.forEach((h, i) => {
    const next = i + 1 < health.length ? health[i + 1].time : end
    const ms = Math.max(0, next - h.time)
    shares[h.level] += ms
    total += ms
  })
  for (const level of HEALTH_LEVELS) shares[level] = total > 0 ? round(shares[level] / total, 3) : 0
  return shares
}

function bitrateOf(values: number[]): BitrateFigures | null {
  if (values.length === 0) return null
  return { meanKbps: Math.round(values.reduce((a, b) => a + b, 0) / values.length), minKbps: Math.round(min(values)) }
}

function sessionError(e: { code: string; message: string; provider?: string; step?: string }): SessionError {
  return { code: e.code, message: e.message, ...(e.provider ? { provider: e.provider } : {}), ...(e.step ? { step: e.step } : {}) }
}

function logEvent(l: LogLine): LogEvent {
  const { t: _t, ...event } = l
  return event as LogEvent
}

function lineTime(l: SessionLine): number | undefined {
  return l.t === 'header' ? l.start : l.time
}

const seconds = (ms: number) => round(Math.max(0, ms) / 1000, 1)
const round = (v: number, digits: number) => Math.round(v * 10 ** digits) / 10 ** digits
// Shows can be long: no spreading of tens of thousands of samples into Math.max's arguments.
const max = (values: number[]) => values.reduce((a, b) => (b > a ? b : a), 0)
const min = (values: number[]) => values.reduce((a, b) => (b < a ? b : a), Infinity)

/** The end line of a session file: how it ended, with its summary (so listing the history reads first and last lines only). */
export function sessionEndLine(
  lines: SessionLine[],
  end: { id: string; time: number; ending: SessionEnding; error?: SessionError }
): Extract<SessionLine, { t: 'end' }> {
  const line = { t: 'end' as const, time: end.time, ending: end.ending, ...(end.error ? { error: end.error } : {}) }
  return { ...line, summary: sessionSummary(sessionReport([...lines, line], { id: end.id })) as Extract<SessionLine, { t: 'end' }>['summary'] }
}
