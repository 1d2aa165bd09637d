import { describe, expect, it } from 'vitest'
import type { CliIo } from '../../../src/cli/cli-io'
import { printRecording } from '../../../src/cli/live-output'

function io(json: boolean) {
  const out: unknown[] = []
  const err: string[] = []
  const value: CliIo = { json, out: () => {}, err: (l) => void err.push(l), emit: (o) => void out.push(o), readStdin: async () => '', stdinIsTty: false }
  return { value, out, err }
}

describe('the last word on a recording', () => {
  it('--json: one recording line with complete, seconds and the cause', () => {
    const t = io(true)
    printRecording(t.value, { path: '/r/a.mkv', complete: false, seconds: 6.2, error: 'disk_full' })
    expect(t.out).toEqual([{ type: 'recording', path: '/r/a.mkv', complete: false, seconds: 6.2, error: 'disk_full' }])
  })

  it.each([
    [{ path: '/r/a.mkv', complete: true, seconds: 20 }, 'Recording saved: /r/a.mkv'],
    [
      { path: '/r/a.mkv', complete: false, seconds: 6.2, error: 'disk_full' as const },
      'Recording incomplete: it stopped at 6.2 s because the disk is full. What was kept: /r/a.mkv'
    ],
    [{ path: '/r/a.mkv', complete: false, seconds: 0, error: 'folder_gone' as const }, 'No recording was kept: the recording folder or file was removed.']
  ])('for people: "saved" only when it is (%o)', (recording, line) => {
    const t = io(false)
    printRecording(t.value, recording)
    expect(t.err).toEqual([line])
  })
})
