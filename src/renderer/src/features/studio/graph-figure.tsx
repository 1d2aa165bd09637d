import type { ReactNode } from 'react'
import './dashboard.css'

/** One line of a graph: its SVG path (graph-path.ts) and, when the graph has several, the name its legend gives it. */
export interface GraphLine {
  key: string
  name?: string
  path: string
}

/**
 * A graph of the show, live in the Studio or afterwards in History: its label with a figure beside it (the latest
 * second's, or the scale's top), the lines drawn in a `box`-sized viewBox stretched to the tile, the scale's top on
 * the plot when given, and a legend when there are several lines.
 */
export function GraphFigure(props: {
  testId: string
  label: string
  figure: ReactNode
  box: { width: number; height: number }
  lines: GraphLine[]
  top?: string
}): React.JSX.Element {
  return (
    <figure className="graph" data-testid={props.testId}>
      <figcaption>
        <span className="graph-label">{props.label}</span>
        {props.figure}
      </figcaption>
      <div className="graph-plot">
        <svg viewBox={`0 0 ${props.box.width} ${props.box.height}`} preserveAspectRatio="none" aria-hidden>
          {props.lines.map((line, i) => (
            <path key={line.key} d={line.path} className={`graph-line graph-line-${i % 4}`} vectorEffect="non-scaling-stroke">
              {line.name && <title>{line.name}</title>}
            </path>
          ))}
        </svg>
        {props.top && <span className="graph-top">{props.top}</span>}
      </div>
      {props.lines.length > 1 && (
        <ul className="graph-legend">
          {props.lines.map((line, i) => (
            <li key={line.key} className={`graph-key graph-key-${i % 4}`} dir="auto">
              {line.name}
            </li>
          ))}
        </ul>
      )}
    </figure>
  )
}
