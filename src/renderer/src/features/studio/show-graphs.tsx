import { useTranslation } from 'react-i18next'
import './dashboard.css'
import { statsPoint, type StatsPoint } from '../../../../shared/stats-history'
import { shortName } from '../destinations/destination-chip'
import { useDestinations } from '../destinations/destinations-store'
import { GraphFigure, type GraphLine } from './graph-figure'
import { GRAPH_COLUMNS, graphPath, niceTop } from './graph-path'
import { useLive } from './live-store'

const BOX = { width: GRAPH_COLUMNS, height: 60 }

/**
 * The show's graphs over its whole length (DESIGN §10): bitrate sent per destination, frame rate, congestion. Plain
 * SVG over the folded history (at most 720 points however long the show), drawn again as the show grows by a column
 * of it; the figure beside each label is the latest second's.
 */
export function ShowGraphs(): React.JSX.Element | null {
  const { t } = useTranslation()
  const graph = useLive((s) => s.graph)
  const destinations = useLive((s) => s.snapshot.destinations)
  const chips = useDestinations((s) => s.chips)
  if (graph.length < 2) return null
  const times = graph.map((p) => p.time)
  const pushes = destinations.filter((d) => graph.some((p) => p.sent[d.id] !== undefined))
  const sentTop = niceTop(Math.max(...graph.flatMap((p) => Object.values(p.sent))))
  const last = graph[graph.length - 1]
  return (
    <div className="graphs" data-testid="graphs">
      <Graph
        testId="graph-sent"
        last={last}
        label={t('graphs.sent')}
        now={(p) => t('destinations.kbps', { kbps: Math.round(sum(p)).toLocaleString() })}
        top={t('destinations.kbps', { kbps: sentTop.toLocaleString() })}
        lines={pushes.map((d) => ({
          key: d.id,
          name: d.backup ? `${shortName(d, chips)} · ${t('destinations.backupLabel')}` : shortName(d, chips),
          path: graphPath(
            times,
            graph.map((p) => p.sent[d.id] ?? 0),
            sentTop,
            BOX
          )
        }))}
      />
      <Graph
        testId="graph-fps"
        last={last}
        label={t('stats.fps')}
        now={(p) => `${p.fps.toFixed(0)} fps`}
        top={`${niceTop(Math.max(...graph.map((p) => p.fps)))} fps`}
        lines={[
          {
            key: 'fps',
            path: graphPath(
              times,
              graph.map((p) => p.fps),
              niceTop(Math.max(...graph.map((p) => p.fps))),
              BOX
            )
          }
        ]}
      />
      <Graph
        testId="graph-congestion"
        last={last}
        label={t('graphs.congestion')}
        now={(p) => `${Math.round(p.congestion * 100)} %`}
        top="100 %"
        lines={[
          {
            key: 'congestion',
            path: graphPath(
              times,
              graph.map((p) => p.congestion),
              1,
              BOX
            )
          }
        ]}
      />
    </div>
  )
}

function Graph(props: {
  testId: string
  label: string
  /** The figure beside the label, from the latest second (or the graph's last point before any came). */
  now: (point: StatsPoint) => string
  last: StatsPoint
  top: string
  lines: GraphLine[]
}): React.JSX.Element {
  return (
    <GraphFigure
      testId={props.testId}
      label={props.label}
      figure={<GraphNow testId={`${props.testId}-now`} text={props.now} last={props.last} />}
      box={BOX}
      top={props.top}
      lines={props.lines}
    />
  )
}

/** The latest second's figure: it follows live:stats on its own, so the lines are not drawn again for it. */
function GraphNow({ testId, text, last }: { testId: string; text: (point: StatsPoint) => string; last: StatsPoint }): React.JSX.Element {
  const stats = useLive((s) => s.stats)
  return (
    <span className="graph-now" data-testid={testId}>
      {text(stats ? statsPoint(stats) : last)}
    </span>
  )
}

function sum(point: StatsPoint): number {
  return Object.values(point.sent).reduce((a, b) => a + b, 0)
}
