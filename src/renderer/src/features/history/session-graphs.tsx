import { useTranslation } from 'react-i18next'
import type { DestinationReport, SessionSample } from '../../../../shared/sessions'
import { GraphFigure, type GraphLine } from '../studio/graph-figure'
import { graphPath, niceTop } from '../studio/graph-path'

const BOX = { width: 300, height: 60 }

/** A past show's graphs (bitrate sent per destination, frame rate, congestion), drawn like the Studio's, from main's points. */
export function SessionGraphs({ samples, destinations }: { samples: SessionSample[]; destinations: DestinationReport[] }): React.JSX.Element {
  const { t } = useTranslation()
  const times = samples.map((p) => p.time)
  const pushes = destinations.filter((d) => samples.some((p) => p.kbps[d.id] !== undefined))
  const sentTop = niceTop(Math.max(0, ...samples.flatMap((p) => Object.values(p.kbps))))
  const fpsTop = niceTop(Math.max(0, ...samples.map((p) => p.fps)))
  const congestionTop = Math.max(1, niceTop(Math.max(0, ...samples.map((p) => p.congestion))))
  return (
    <section className="card" aria-labelledby="graphs-title">
      <div className="card-head">
        <h2 id="graphs-title">{t('history.graphs')}</h2>
      </div>
      <div className="graphs" data-testid="session-graphs">
        <Graph
          testId="history-graph-sent"
          label={t('graphs.sent')}
          top={t('destinations.kbps', { kbps: sentTop.toLocaleString() })}
          lines={pushes.map((d) => ({
            key: d.id,
            name: d.label,
            path: graphPath(
              times,
              samples.map((p) => p.kbps[d.id] ?? 0),
              sentTop,
              BOX
            )
          }))}
        />
        <Graph
          testId="history-graph-fps"
          label={t('stats.fps')}
          top={`${fpsTop} fps`}
          lines={[
            {
              key: 'fps',
              path: graphPath(
                times,
                samples.map((p) => p.fps),
                fpsTop,
                BOX
              )
            }
          ]}
        />
        <Graph
          testId="history-graph-congestion"
          label={t('graphs.congestion')}
          top={`${Math.round(congestionTop * 100)} %`}
          lines={[
            {
              key: 'congestion',
              path: graphPath(
                times,
                samples.map((p) => p.congestion),
                congestionTop,
                BOX
              )
            }
          ]}
        />
      </div>
    </section>
  )
}

function Graph(props: { testId: string; label: string; top: string; lines: GraphLine[] }): React.JSX.Element {
  return <GraphFigure testId={props.testId} label={props.label} figure={<span className="graph-now">{props.top}</span>} box={BOX} lines={props.lines} />
}
