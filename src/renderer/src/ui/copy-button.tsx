import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'

type CopyState = 'idle' | 'copied' | 'failed'

/**
 * Copies `text` to the clipboard and says so for two seconds. The Clipboard API needs a secure context: the app
 * (app://) and `onair serve` on 127.0.0.1 are; a browser reaching serve over a LAN address is not, and there the
 * streamer is told to copy by hand (and `onFailed` may select the text for them).
 */
export function CopyButton({ text, testId, onFailed }: { text: string; testId?: string; onFailed?(): void }): React.JSX.Element {
  const { t } = useTranslation()
  const [state, setState] = useState<CopyState>('idle')

  useEffect(() => {
    if (state !== 'copied') return
    const timer = setTimeout(() => setState('idle'), 2000)
    return () => clearTimeout(timer)
  }, [state])

  const copy = async () => {
    try {
      if (!navigator.clipboard) throw new Error('no clipboard')
      await navigator.clipboard.writeText(text)
      setState('copied')
    } catch {
      setState('failed')
      onFailed?.()
    }
  }

  return (
    <>
      <button type="button" className="btn btn-ghost btn-small" data-testid={testId} data-copied={state === 'copied' || undefined} onClick={() => void copy()}>
        {state === 'copied' ? t('channels.copied') : t('channels.copy')}
      </button>
      <span className="visually-hidden" role="status">
        {state === 'copied' ? t('channels.copied') : ''}
      </span>
      {state === 'failed' && (
        <span className="copy-failed" role="alert">
          {t('channels.copyFailed')}
        </span>
      )}
    </>
  )
}
