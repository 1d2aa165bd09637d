import { createContext, useContext, type ReactNode } from 'react'
import type { Stores } from './stores'

const StoresContext = createContext<Stores | null>(null)

/** Hands the stores (and through them the API) to every component below: tests hand in stores over a scripted API. */
export function StoresProvider({ stores, children }: { stores: Stores; children: ReactNode }): React.JSX.Element {
  return <StoresContext.Provider value={stores}>{children}</StoresContext.Provider>
}

export function useStores(): Stores {
  const stores = useContext(StoresContext)
  if (!stores) throw new Error('useStores() needs a <StoresProvider> above it')
  return stores
}
