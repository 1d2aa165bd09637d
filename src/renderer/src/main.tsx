import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { onair, serveConnection } from './api/onair'
import { App } from './app/app'
import { createStores, startStores } from './app/stores'
import { StoresProvider } from './app/stores-context'
import { readSettings } from './features/settings/read-settings'
import { settingsShowMemory } from './features/studio/show-memory'
import { changeLanguage, setupI18n } from './i18n/i18n'
import './styles.css'

setupI18n()
// The composition root: the real API (preload or WebSocket shim) goes into the stores here and nowhere else. The last
// show's setup and the chosen language are read from main's settings first, so the Studio opens on them.
void readSettings(onair).then((settings) => {
  if (settings && settings.language !== 'auto') changeLanguage(settings.language)
  const stores = createStores(onair, serveConnection, settingsShowMemory(onair, settings))
  startStores(stores, onair, serveConnection)
  createRoot(document.getElementById('root') as HTMLElement).render(
    <StrictMode>
      <StoresProvider stores={stores}>
        <App />
      </StoresProvider>
    </StrictMode>
  )
})
