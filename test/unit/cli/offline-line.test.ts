import { describe, expect, it } from 'vitest'
import type { CliIo } from '../../../src/cli/cli-io'
import { followSession } from '../../../src/cli/live-output'
import type { OnairCore } from '../../../src/main/core/onair-core'
import type { LiveSnapshot } from '../../../src/shared/live'

/** `onair live` without --json, in offline mode: the state line says the show is kept and goes out by itself. */
describe('onair live for people, offline', () => {
  it.each([
    ['/rec/show.mkv', '● offline (no destination reached; recording, going live by itself when one answers)'],
    [undefined, '● offline (no destination reached; not recording, going live by itself when one answers)']
  ])('recording at %s', (recordingPath, line) => {
    const err: string[] = []
    const io: CliIo = { json: false, out: () => {}, err: (l) => void err.push(l), emit: () => {}, readStdin: async () => '', stdinIsTty: false }
    let emit: (event: string, payload: unknown) => void = () => {}
    const core = { onDidEmit: (fn: typeof emit) => ((emit = fn), () => {}) } as unknown as OnairCore
    const followed = followSession(io, core)
    const snap: LiveSnapshot = { sessionId: 's1', state: 'offline', sources: null, destinations: [], log: [], ...(recordingPath ? { recordingPath } : {}) }
    emit('live:state', snap)
    followed.dispose()
    expect(err).toEqual([line])
  })
})
