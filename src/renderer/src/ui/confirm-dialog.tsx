import { useEffect, useId, useRef } from 'react'

export interface ConfirmDialogProps {
  title: string
  body: string
  confirmLabel: string
  cancelLabel: string
  busy?: boolean
  onConfirm(): void
  onCancel(): void
  testId?: string
}

/**
 * A modal question with two answers. Focus starts on the safe answer (Cancel), Tab stays inside, Escape cancels, and
 * focus returns to where it was. (A plain element rather than <dialog>: jsdom, where the component tests run, has no showModal.)
 */
export function ConfirmDialog({ title, body, confirmLabel, cancelLabel, busy, onConfirm, onCancel, testId }: ConfirmDialogProps): React.JSX.Element {
  const titleId = useId()
  const bodyId = useId()
  const box = useRef<HTMLDivElement>(null)
  const cancel = useRef<HTMLButtonElement>(null)

  useEffect(() => {
    const before = document.activeElement as HTMLElement | null
    cancel.current?.focus()
    return () => before?.focus()
  }, [])

  const onKeyDown = (e: React.KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.stopPropagation()
      onCancel()
      return
    }
    if (e.key !== 'Tab') return
    const buttons = [...(box.current?.querySelectorAll<HTMLButtonElement>('button:not(:disabled)') ?? [])]
    if (buttons.length === 0) return
    const i = buttons.indexOf(document.activeElement as HTMLButtonElement)
    const next = e.shiftKey ? (i <= 0 ? buttons.length - 1 : i - 1) : i === buttons.length - 1 ? 0 : i + 1
    e.preventDefault()
    buttons[next].focus()
  }

  return (
    <div className="dialog-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onCancel()}>
      <div
        ref={box}
        className="dialog"
        role="alertdialog"
        aria-modal="true"
        aria-labelledby={titleId}
        aria-describedby={bodyId}
        data-testid={testId}
        onKeyDown={onKeyDown}
      >
        <h2 id={titleId}>{title}</h2>
        <p id={bodyId}>{body}</p>
        <div className="form-actions">
          <button ref={cancel} type="button" className="btn btn-ghost" data-testid="confirm-cancel" onClick={onCancel}>
            {cancelLabel}
          </button>
          <button type="button" className="btn btn-danger" data-testid="confirm-ok" disabled={busy} onClick={onConfirm}>
            {confirmLabel}
          </button>
        </div>
      </div>
    </div>
  )
}
