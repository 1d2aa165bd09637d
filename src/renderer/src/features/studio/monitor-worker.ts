/**
 * The monitor's worker (monitor.ts starts it): paints the preview and the meters on the canvases the page hands it,
 * off the page's main thread. A module worker, bundled on its own by Vite.
 */
import { MonitorPainter, type PainterMessage, type PictureShown } from './monitor-painter'

const scope = self as unknown as { onmessage: ((event: MessageEvent<PainterMessage>) => void) | null; postMessage(message: PictureShown): void }
const painter = new MonitorPainter((shown) => scope.postMessage(shown))
scope.onmessage = (event) => painter.handle(event.data)
