/**
 * The desktop shell's everyday parts as Electron calls (DESIGN §10): the tray, OS notifications, global hotkeys. What
 * they show and when is decided in core/desktop/desktop-controller.ts; this file only hands it to Electron.
 */
import { app, globalShortcut, Menu, nativeImage, Notification, Tray, type NativeImage } from 'electron'
import { DesktopController } from './core/desktop/desktop-controller'
import { trayIconPng } from './core/desktop/tray-icons'
import type { TrayIconState, TrayItemId, TrayModel } from './core/desktop/tray-model'
import type { OnairCore } from './core/onair-core'
import type { LogEvent } from '../shared/live'

export interface DesktopShellOptions {
  core: Pick<OnairCore, 'dispatch' | 'onDidEmit'>
  log(event: LogEvent): void
  /** Shows (creating if needed) and focuses the main window. */
  openWindow(): void
}

const images = new Map<TrayIconState, NativeImage>()

/** The state's picture at 1x (16 px) with a 2x (32 px) representation for high-density screens. */
function trayImage(state: TrayIconState): NativeImage {
  let image = images.get(state)
  if (!image) {
    image = nativeImage.createFromBuffer(trayIconPng(state, 16), { scaleFactor: 1 })
    image.addRepresentation({ scaleFactor: 2, buffer: trayIconPng(state, 32) })
    images.set(state, image)
  }
  return image
}

/** Builds the tray and starts following the show; the controller answers close and quit questions. */
export function startDesktopShell(options: DesktopShellOptions): DesktopController {
  let tray: Tray | null = null
  let shownIcon: TrayIconState | null = null
  const shown = new Set<Notification>()
  const controller = new DesktopController({
    core: options.core,
    log: options.log,
    ports: {
      showTray: (model) => {
        if (!tray) {
          tray = new Tray(trayImage(model.icon))
          // Windows and Linux: a click on the icon opens the window (the menu is on the other button).
          tray.on('click', () => options.openWindow())
        }
        if (shownIcon !== model.icon) tray.setImage(trayImage(model.icon))
        shownIcon = model.icon
        tray.setToolTip(model.tooltip)
        tray.setContextMenu(menuOf(model))
      },
      notify: ({ title, body }) => {
        if (!Notification.isSupported()) return
        const notification = new Notification({ title, body })
        // Held until it is closed: a collected Notification loses its click handler on some platforms.
        shown.add(notification)
        // Not every platform says 'close': the oldest go once there are many (three a minute, over a long day).
        if (shown.size > 20) shown.delete(shown.values().next().value as Notification)
        notification.on('click', () => options.openWindow())
        notification.on('close', () => shown.delete(notification))
        notification.show()
      },
      hotkeys: {
        register: (accelerator, callback) => globalShortcut.register(accelerator, callback),
        unregister: (accelerator) => globalShortcut.unregister(accelerator)
      },
      osLanguages: () => app.getPreferredSystemLanguages(),
      warn: (line) => console.warn(line)
    }
  })
  const run: Record<TrayItemId, () => void> = {
    goLive: () => void controller.goLive(),
    stop: () => void controller.stop(),
    open: () => options.openWindow(),
    quit: () => app.quit()
  }
  const menuOf = (model: TrayModel) =>
    Menu.buildFromTemplate(model.items.map((item) => ({ id: item.id, label: item.label, enabled: item.enabled, click: run[item.id] })))
  void controller.start()
  app.on('will-quit', () => {
    controller.dispose()
    tray?.destroy()
  })
  return controller
}
