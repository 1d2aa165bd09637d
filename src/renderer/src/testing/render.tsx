import { render, type RenderResult } from '@testing-library/react'
import type { ReactNode } from 'react'
import { createStores, startStores, type Stores } from '../app/stores'
import { StoresProvider } from '../app/stores-context'
import { scriptedApi, type ScriptedApi } from './scripted-api'

export interface Rendered extends RenderResult {
  api: ScriptedApi
  stores: Stores
}

/** Renders `ui` as the app would: stores over the (scripted) API, subscribed to its events and loaded once. */
export function renderWithApi(ui: ReactNode, api: ScriptedApi = scriptedApi()): Rendered {
  const stores = createStores(api)
  startStores(stores, api)
  const result = render(<StoresProvider stores={stores}>{ui}</StoresProvider>)
  return { ...result, api, stores }
}
