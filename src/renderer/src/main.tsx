import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { onair, serveConnection } from './api/onair'
import { App } from './app/app'
import { createStores, startStores } from './app/stores'
import { StoresProvider } from './app/stores-context'
import { loadSettingsShowMemory } from './features/studio/show-memory'
import { setupI18n } from './i18n/i18n'
import './styles.css'

setupI18n()
// The composition root: the real API (preload or WebSocket shim) goes into the stores here and nowhere else. The last
// show's setup is read from main's settings first, so the Studio opens on it.
void loadSettingsShowMemory(onair).then((memory) => {
  const stores = createStores(onair, serveConnection, memory)
  startStores(stores, onair, serveConnection)
  createRoot(document.getElementById('root') as HTMLElement).render(
    <StrictMode>
      <StoresProvider stores={stores}>
        <App />
      </StoresProvider>
    </StrictMode>
  )
})
