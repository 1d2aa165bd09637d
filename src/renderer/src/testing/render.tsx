import { render, type RenderResult } from '@testing-library/react'
import type { ReactNode } from 'react'
import { createStores, startStores, type Stores } from '../app/stores'
import { StoresProvider } from '../app/stores-context'
import { memoryShowMemory } from '../features/studio/show-memory'
import { recordingMonitor, type RecordingMonitor } from './recording-monitor'
import { scriptedApi, type ScriptedApi } from './scripted-api'

export interface Rendered extends RenderResult {
  api: ScriptedApi
  stores: Stores
  /** What reached the monitor (the preview's frames, the levels, the canvases shown). */
  monitor: RecordingMonitor
}

/** Renders `ui` as the app would: stores over the (scripted) API, subscribed to its events and loaded once. */
export function renderWithApi(ui: ReactNode, api: ScriptedApi = scriptedApi()): Rendered {
  const monitor = recordingMonitor()
  const stores = createStores(api, null, memoryShowMemory(), monitor)
  startStores(stores, api)
  const result = render(<StoresProvider stores={stores}>{ui}</StoresProvider>)
  return { ...result, api, stores, monitor }
}
