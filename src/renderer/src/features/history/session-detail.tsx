import { useEffect } from 'react'
import i18next from 'i18next'
import { useTranslation } from 'react-i18next'
import { HEALTH_LEVELS } from '../../../../shared/live'
import type { RecordingSummary } from '../../../../shared/recordings'
import type { SessionDetail, SessionOutage, SessionReport } from '../../../../shared/sessions'
import { errorText } from '../../i18n/i18n'
import { formatClock } from '../../lib/format'
import { ErrorMessage } from '../../ui/error-message'
import { formatDuration, formatStarted } from '../recordings/recording-format'
import { EndingPill, Fact } from './history-page'
import { exportFileName, exportJson, healthPercents } from './history-format'
import { useHistory } from './history-store'
import { SessionGraphs } from './session-graphs'
import { SessionLog } from './session-log'

/** One show: its report (DESIGN §11), its graphs and its whole log; exportable as JSON. */
export function SessionDetailView(): React.JSX.Element {
  const { t } = useTranslation()
  const detail = useHistory((s) => s.detail)
  const detailError = useHistory((s) => s.detailError)
  const close = useHistory((s) => s.close)
  useEffect(() => document.getElementById('page-title')?.focus(), [])
  return (
    <div className="session-detail" data-testid="session-detail">
      <button type="button" className="back-link" data-testid="history-back" onClick={close}>
        <span aria-hidden>←</span> {t('history.back')}
      </button>
      <Heading report={detail?.report ?? null} detail={detail} />
      {detailError && <ErrorMessage error={detailError} testId="session-error" />}
      {!detail && !detailError && <p className="empty-state">{t('history.loading')}</p>}
      {detail && <Report report={detail.report} library={detail.recording} />}
      {detail && detail.samples.length >= 2 && <SessionGraphs samples={detail.samples} destinations={detail.report.destinations} />}
      {detail && <SessionLog log={detail.log} />}
    </div>
  )
}

function Heading({ report, detail }: { report: SessionReport | null; detail: SessionDetail | null }): React.JSX.Element {
  const { t, i18n } = useTranslation()
  return (
    <div className="page-head">
      <div>
        <h1 id="page-title" tabIndex={-1}>
          {report ? t('history.showOf', { date: formatStarted(report.start, i18n.language) }) : t('history.title')}
        </h1>
        {report && <p className="page-sub">{report.destinations.map((d) => d.label).join(' · ') || '—'}</p>}
      </div>
      {detail && (
        <button type="button" className="btn btn-ghost" data-testid="session-export" onClick={() => download(detail)}>
          {t('history.export')}
        </button>
      )}
    </div>
  )
}

function Report({ report: r, library }: { report: SessionReport; library: RecordingSummary | null }): React.JSX.Element {
  const { t, i18n } = useTranslation()
  const percents = healthPercents(r.health)
  const scored = HEALTH_LEVELS.filter((level) => percents[level] > 0)
  return (
    <>
      <section className="card" aria-labelledby="report-title" data-testid="session-report">
        <div className="card-head">
          <h2 id="report-title">{t('history.report')}</h2>
          <EndingPill ending={r.ending} />
        </div>
        {r.ending === 'running' && <p className="card-sub">{t('history.runningNote')}</p>}
        {r.error && (
          <p className="session-error-line" data-testid="session-ended-why">
            {
              errorText({
                code: r.error.code as never,
                message: r.error.message,
                retryable: false,
                ...(r.error.provider ? { provider: r.error.provider as never } : {})
              }).text
            }
          </p>
        )}
        <dl className="session-facts">
          <Fact label={t('history.started')} value={formatStarted(r.start, i18n.language)} />
          <Fact label={t('history.length')} value={formatDuration(r.durationSeconds)} testId="report-length" />
          <Fact label={t('history.onAir')} value={formatDuration(r.onAirSeconds)} testId="report-on-air" />
          <Fact
            label={t('history.recorded')}
            value={r.recordedSeconds === null ? t('history.notRecorded') : formatDuration(r.recordedSeconds)}
            testId="report-recorded"
          />
          {r.unstreamed && (
            // Offline mode: how much of the show only the recording has.
            <Fact label={t('history.unstreamed')} value={formatDuration(r.unstreamed.reduce((n, span) => n + span.seconds, 0))} testId="report-unstreamed" />
          )}
          <Fact label={t('history.outages')} value={String(r.outages.length)} testId="report-outages" />
          <Fact label={t('history.reconnects')} value={String(r.reconnects)} testId="report-reconnects" />
          <Fact
            label={t('history.bitrate')}
            value={r.bitrate ? t('history.bitrateValue', { mean: r.bitrate.meanKbps, min: r.bitrate.minKbps }) : '—'}
            testId="report-bitrate"
          />
          <Fact label={t('history.dropped')} value={String(r.droppedFrames)} />
          <Fact label={t('history.speedMin')} value={r.encoderSpeedMin === null ? '—' : `${r.encoderSpeedMin.toFixed(2)}×`} />
        </dl>
        {scored.length > 0 && (
          <div className="health-share" data-testid="report-health">
            <span className="health-share-label">{t('history.health')}</span>
            <div className="health-bar" aria-hidden>
              {scored.map((level) => (
                <span key={level} className={`health-bar-${level}`} style={{ flexGrow: percents[level] }} />
              ))}
            </div>
            <ul className="health-legend">
              {scored.map((level) => (
                <li key={level} className={`health-key-${level}`} data-level={level}>
                  {t(`health.${level}`)} {percents[level]} %
                </li>
              ))}
            </ul>
          </div>
        )}
        {r.recording && (
          <p className="session-recording" data-testid="report-recording">
            <span className="session-recording-state">{r.recording.complete ? t('history.recordingComplete') : t('history.recordingIncomplete')}</span>{' '}
            <code dir="auto">{r.recording.path}</code>
            {library && (
              <span className="session-recording-library" data-testid="report-recording-library" data-state={library.state}>
                {' · '}
                {t('history.recordingLibrary', { state: t(`recordings.state.${library.state}`) })}
                {library.durationSeconds !== undefined && ` (${formatDuration(library.durationSeconds)})`}
              </span>
            )}
          </p>
        )}
        {r.providerEvents.length > 0 && <p className="card-sub">{t('history.providerEvents', { count: r.providerEvents.length })}</p>}
      </section>

      <section className="card" aria-labelledby="outages-title">
        <div className="card-head">
          <h2 id="outages-title">{t('history.outagesTitle')}</h2>
        </div>
        {r.outages.length === 0 ? (
          <p className="empty" data-testid="no-outages">
            {r.liveSince === undefined ? t('history.neverLive') : t('history.noOutages')}
          </p>
        ) : (
          <ol className="outage-list" data-testid="outages">
            {r.outages.map((o) => (
              <OutageLine key={o.start} outage={o} names={r.destinations} />
            ))}
          </ol>
        )}
      </section>

      <section className="card" aria-labelledby="destinations-title">
        <div className="card-head">
          <h2 id="destinations-title">{t('history.destinations')}</h2>
        </div>
        <div className="table-scroll">
          <table className="session-table" data-testid="report-destinations">
            <thead>
              <tr>
                <th scope="col">{t('history.col.destination')}</th>
                <th scope="col">{t('history.col.state')}</th>
                <th scope="col">{t('history.onAir')}</th>
                <th scope="col">{t('history.outages')}</th>
                <th scope="col">{t('history.reconnects')}</th>
                <th scope="col">{t('history.col.bitrate')}</th>
                <th scope="col">{t('history.col.congestion')}</th>
              </tr>
            </thead>
            <tbody>
              {r.destinations.map((d) => (
                <tr key={d.id} data-testid="report-destination" data-id={d.id}>
                  <th scope="row" dir="auto">
                    {d.backup ? `${d.label.replace(/ \(backup\)$/, '')} · ${t('destinations.backupLabel')}` : d.label}
                  </th>
                  <td title={d.error ? cause(d.error.code) : undefined}>{t(`state.${d.finalState}`)}</td>
                  <td>{formatDuration(d.onAirSeconds)}</td>
                  <td>{d.outages.length}</td>
                  <td>{d.reconnects}</td>
                  <td>{d.bitrate ? `${d.bitrate.meanKbps} / ${d.bitrate.minKbps}` : '—'}</td>
                  <td>{`${Math.round(d.congestionMax * 100)} %`}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </>
  )

  function cause(code: string): string {
    return i18next.exists(`error.${code}`) ? t(`error.${code}`) : code
  }
}

function OutageLine({ outage: o, names }: { outage: SessionOutage; names: SessionReport['destinations'] }): React.JSX.Element {
  const { t, i18n } = useTranslation()
  const cause = o.cause && i18next.exists(`error.${o.cause}`) ? t(`error.${o.cause}`) : o.cause
  const who = (o.destinations ?? []).map((id) => names.find((d) => d.id === id)?.label ?? id)
  return (
    <li data-testid="outage" data-recovery={o.recovery}>
      <span className="outage-when">
        {formatClock(o.start, i18n.language)} · {t('history.outageLength', { length: formatDuration(o.seconds) })}
      </span>
      <span className="outage-how">
        {t(`history.recovery.${o.recovery}`, { count: o.attempts })}
        {cause && <span className="outage-cause"> · {cause}</span>}
      </span>
      {who.length > 1 && <span className="outage-who">{who.join(' · ')}</span>}
    </li>
  )
}

/** Saves the show as a JSON file through the browser's own download (the app and `onair serve` alike). */
function download(detail: SessionDetail): void {
  const url = URL.createObjectURL(new Blob([exportJson(detail)], { type: 'application/json' }))
  const link = document.createElement('a')
  link.href = url
  link.download = exportFileName(detail.report)
  document.body.append(link)
  link.click()
  link.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}
