import { connect } from 'node:net'
import type { MediaPipeline, PipelineListener, PipelinePlan } from './media-pipeline'
import { FfmpegProcess } from './ffmpeg-process'
import { audioInput, videoInput } from './source-args'
import { encoderFailure, pushFailure } from './ffmpeg-errors'

const VIDEO = { width: 1280, height: 720, fps: 30 }

/**
 * The first, simplest pipeline: one ffmpeg that encodes once and writes the recording and every RTMP push through
 * the tee muxer. It has no reconnect: a lost ingest ends the session. (The encoder + fan-out + restartable pushers
 * pipeline of DESIGN §4 replaces it.)
 */
export class TeePipeline implements MediaPipeline {
  private process: FfmpegProcess | null = null
  private live = false

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
      '-hide_banner', '-loglevel', 'error',
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
    const proc = new FfmpegProcess({
      path: plan.ffmpegPath,
      args,
      onProgress: (p) => {
        // Frames flowing means tee opened every output, i.e. every RTMP publish was accepted.
        if (!this.live && p.frame > 0) {
          this.live = true
          for (const d of plan.destinations) this.listener.onDestinationLive(d.id)
        }
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
      if (exit.stopped) return this.listener.onEnded(null)
      const hasRtmp = /rtmp/i.test(exit.stderrTail) || plan.destinations.length > 0
      const error = hasRtmp ? pushFailure(exit.stderrTail, this.live ? 'live' : 'connecting', true, secrets) : encoderFailure(exit.stderrTail, secrets)
      this.listener.onEnded(exit.code === 0 ? null : error)
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
