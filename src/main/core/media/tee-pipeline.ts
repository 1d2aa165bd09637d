import { connect } from 'node:net'
import type { MediaPipeline, PipelineListener, PipelinePlan } from './media-pipeline'
import { FfmpegProcess } from './ffmpeg-process'
import { audioInput, videoInput } from './source-args'
import { encoderFailure, pushFailure } from './ffmpeg-errors'
import type { OnairError } from '../../../shared/errors'

const VIDEO = { width: 1280, height: 720, fps: 30 }

/**
 * The first, simplest pipeline: one ffmpeg that encodes once and writes the recording and every RTMP push through
 * the tee muxer. It has no reconnect: a lost ingest ends the session. (The encoder + fan-out + restartable pushers
 * pipeline of DESIGN §4 replaces it.)
 */
export class TeePipeline implements MediaPipeline {
  private process: FfmpegProcess | null = null
  private live = false
  private failure: OnairError | null = null

  constructor(
    private readonly plan: PipelinePlan,
    private readonly listener: PipelineListener
  ) {}

  async start(): Promise<void> {
    const plan = this.plan
    const reachable = await Promise.all(plan.destinations.map((d) => tcpReachable(d.rtmp.host, d.rtmp.port, 3000)))
    const secrets = plan.destinations.map((d) => d.rtmp.key)
    const unreachable = reachable.indexOf(false)
    if (unreachable >= 0) throw pushFailure('', 'connecting', false, secrets)

    const video = videoInput(plan.video, VIDEO, plan.platform, plan.env)
    const audio = audioInput(plan.audio)
    const outputs = [
      ...plan.destinations.map((d) => `[f=flv]${d.rtmp.publishUrl}`),
      ...(plan.recordingPath ? [`[f=matroska]${plan.recordingPath}`] : [])
    ]
    const args = [
      // info level: the tee reports slave failures and the header line we read below.
      '-hide_banner', '-loglevel', 'info',
      ...video.args, ...audio.args,
      '-map', '0:v:0', '-map', '1:a:0',
      '-c:v', 'libx264', '-preset', 'veryfast', '-tune', 'zerolatency', '-pix_fmt', 'yuv420p',
      '-g', String(VIDEO.fps * 2), '-keyint_min', String(VIDEO.fps * 2), '-sc_threshold', '0',
      '-b:v', '2500k', '-maxrate', '2500k', '-bufsize', '5000k',
      '-c:a', 'aac', '-b:a', '128k', '-ar', '48000', '-ac', '2',
      // The tee muxer needs global headers, or the mkv branch comes out unplayable (TOOLCHAIN §3).
      '-flags', '+global_header',
      '-f', 'tee', outputs.join('|')
    ]
    // The tee muxer drops a slave it cannot open ("Slave muxer #0 failed ... continuing with 1/2 slaves") and goes on
    // recording, and ffmpeg counts encoded frames before any output is open. So "live" is read from the tee's own
    // messages: the header line appears once every slave was tried; a failed RTMP slave is a failed push.
    const failedSlaves: string[] = []
    let headerWritten = false
    const proc = new FfmpegProcess({
      path: plan.ffmpegPath,
      args,
      onStderrLine: (line) => {
        if (/^\[tee @[^\]]*\] Slave .*(error opening|failed)/.test(line) && /rtmp/i.test(line)) failedSlaves.push(line)
        else if (/^Output #0, tee/.test(line)) headerWritten = true
        if (failedSlaves.length > 0 && !this.failure) {
          this.failure = pushFailure(failedSlaves.join('\n'), this.live ? 'live' : 'connecting', true, secrets)
          proc.kill()
        }
      },
      onProgress: (p) => {
        if (!this.live && headerWritten && failedSlaves.length === 0 && p.frame > 0) {
          this.live = true
          for (const d of plan.destinations) this.listener.onDestinationLive(d.id)
        }
        if (!this.live) return
        this.listener.onStats({
          fps: p.fps,
          bitrateKbps: p.bitrateKbps,
          speed: p.speed,
          droppedFrames: p.dropFrames,
          duplicatedFrames: p.dupFrames,
          destinations: plan.destinations.map((d) => ({ id: d.id, bytesSent: p.totalSize, kbps: p.bitrateKbps, congestion: 0, droppedFrames: 0, reconnects: 0 }))
        })
      }
    })
    this.process = proc
    void proc.exited.then((exit) => {
      if (this.failure) return this.listener.onEnded(this.failure)
      if (exit.stopped || exit.code === 0) return this.listener.onEnded(null)
      this.listener.onEnded(plan.destinations.length > 0 ? pushFailure(exit.stderrTail, this.live ? 'live' : 'connecting', true, secrets) : encoderFailure(exit.stderrTail, secrets))
    })
  }

  async stop(): Promise<void> {
    await this.process?.stop()
  }

  retryNow(): void {}

  pids(): number[] {
    return this.process?.pid && this.process.running ? [this.process.pid] : []
  }
}

/** A cheap reachability probe: can we open a TCP connection to the ingest? */
export function tcpReachable(host: string, port: number, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port })
    const done = (ok: boolean) => {
      socket.destroy()
      resolve(ok)
    }
    socket.setTimeout(timeoutMs, () => done(false))
    socket.once('connect', () => done(true))
    socket.once('error', () => done(false))
  })
}
