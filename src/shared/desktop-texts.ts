/**
 * The desktop shell's own words (tray menu, OS notifications, the quit question) in en/ko/vi. They live here, not in
 * the renderer's tables, because main may not import renderer code (scripts/layering.mjs); a unit test keeps the
 * three languages in step.
 */
export const DESKTOP_LANGUAGES = ['en', 'ko', 'vi'] as const
export type DesktopLanguage = (typeof DESKTOP_LANGUAGES)[number]

const en = {
  'tray.goLive': 'Go Live',
  'tray.stop': 'Stop',
  'tray.open': 'Open Onair',
  'tray.quit': 'Quit',
  'tray.tooltip.idle': 'Onair: ready',
  'tray.tooltip.going': 'Onair: going live…',
  'tray.tooltip.live': 'Onair: live',
  'tray.tooltip.reconnecting': 'Onair: reconnecting',
  'tray.tooltip.offline': 'Onair: off air, still recording',
  'tray.tooltip.failed': 'Onair: the show failed',
  'notify.reconnecting.title': 'Connection lost',
  'notify.reconnecting.body': '{{destination}}: reconnecting. Onair keeps trying on its own.',
  'notify.backLive.title': 'Back live',
  'notify.backLive.body': '{{destination}} has the show again.',
  'notify.unstable.title': 'Stream unstable',
  'notify.unstable.body': 'Viewers may see stalls. Open Onair to see why.',
  'notify.ended.title': 'Show ended',
  'notify.ended.body': 'The show has stopped on every destination.',
  'notify.failed.title': 'The show failed',
  'notify.failed.body': 'Open Onair to see what went wrong.',
  'notify.hidden.title': 'Onair is still live',
  'notify.hidden.body': 'The window is closed; the show goes on. Open it again from the tray icon.',
  'notify.hotkeyRefused.title': 'Hotkey not available',
  'notify.hotkeyRefused.body': '{{accelerator}} ({{action}}) could not be set: another program may use it. Choose other keys in Settings.',
  'quit.title': 'Stop the show?',
  'quit.message': 'You are live. Quitting stops the show on every destination.',
  'quit.confirm': 'Stop and quit',
  'quit.cancel': 'Keep streaming'
} as const

export type DesktopTextKey = keyof typeof en

const ko: Record<DesktopTextKey, string> = {
  'tray.goLive': '방송 시작',
  'tray.stop': '중지',
  'tray.open': 'Onair 열기',
  'tray.quit': '종료',
  'tray.tooltip.idle': 'Onair: 준비됨',
  'tray.tooltip.going': 'Onair: 방송 시작 중…',
  'tray.tooltip.live': 'Onair: 방송 중',
  'tray.tooltip.reconnecting': 'Onair: 재연결 중',
  'tray.tooltip.offline': 'Onair: 송출 끊김, 녹화는 계속됨',
  'tray.tooltip.failed': 'Onair: 방송 실패',
  'notify.reconnecting.title': '연결이 끊겼습니다',
  'notify.reconnecting.body': '{{destination}}: 다시 연결하는 중입니다. Onair가 알아서 계속 시도합니다.',
  'notify.backLive.title': '다시 방송 중',
  'notify.backLive.body': '{{destination}}에 다시 송출되고 있습니다.',
  'notify.unstable.title': '송출이 불안정합니다',
  'notify.unstable.body': '시청자 화면이 끊길 수 있습니다. Onair를 열어 원인을 확인하세요.',
  'notify.ended.title': '방송 종료',
  'notify.ended.body': '모든 송출 대상에서 방송이 끝났습니다.',
  'notify.failed.title': '방송 실패',
  'notify.failed.body': 'Onair를 열어 무엇이 잘못됐는지 확인하세요.',
  'notify.hidden.title': 'Onair는 아직 방송 중입니다',
  'notify.hidden.body': '창을 닫아도 방송은 계속됩니다. 트레이 아이콘에서 다시 열 수 있습니다.',
  'notify.hotkeyRefused.title': '단축키를 쓸 수 없습니다',
  'notify.hotkeyRefused.body': '{{accelerator}}({{action}})를 등록하지 못했습니다. 다른 프로그램이 쓰고 있을 수 있습니다. 설정에서 다른 키를 고르세요.',
  'quit.title': '방송을 중지할까요?',
  'quit.message': '방송 중입니다. 종료하면 모든 송출 대상에서 방송이 멈춥니다.',
  'quit.confirm': '중지하고 종료',
  'quit.cancel': '계속 방송'
}

const vi: Record<DesktopTextKey, string> = {
  'tray.goLive': 'Phát trực tiếp',
  'tray.stop': 'Dừng',
  'tray.open': 'Mở Onair',
  'tray.quit': 'Thoát',
  'tray.tooltip.idle': 'Onair: sẵn sàng',
  'tray.tooltip.going': 'Onair: đang bắt đầu phát…',
  'tray.tooltip.live': 'Onair: đang phát',
  'tray.tooltip.reconnecting': 'Onair: đang kết nối lại',
  'tray.tooltip.offline': 'Onair: mất sóng, vẫn đang ghi hình',
  'tray.tooltip.failed': 'Onair: buổi phát thất bại',
  'notify.reconnecting.title': 'Mất kết nối',
  'notify.reconnecting.body': '{{destination}}: đang kết nối lại. Onair sẽ tự động thử tiếp.',
  'notify.backLive.title': 'Đã phát lại',
  'notify.backLive.body': '{{destination}} đã nhận lại buổi phát.',
  'notify.unstable.title': 'Luồng phát không ổn định',
  'notify.unstable.body': 'Người xem có thể bị giật hình. Mở Onair để xem nguyên nhân.',
  'notify.ended.title': 'Buổi phát đã kết thúc',
  'notify.ended.body': 'Buổi phát đã dừng ở mọi nơi nhận.',
  'notify.failed.title': 'Buổi phát thất bại',
  'notify.failed.body': 'Mở Onair để xem lỗi ở đâu.',
  'notify.hidden.title': 'Onair vẫn đang phát',
  'notify.hidden.body': 'Cửa sổ đã đóng nhưng buổi phát vẫn tiếp tục. Mở lại từ biểu tượng ở khay hệ thống.',
  'notify.hotkeyRefused.title': 'Không dùng được phím tắt',
  'notify.hotkeyRefused.body': 'Không đặt được {{accelerator}} ({{action}}): có thể chương trình khác đang dùng. Hãy chọn phím khác trong Cài đặt.',
  'quit.title': 'Dừng buổi phát?',
  'quit.message': 'Bạn đang phát trực tiếp. Thoát sẽ dừng buổi phát ở mọi nơi nhận.',
  'quit.confirm': 'Dừng và thoát',
  'quit.cancel': 'Tiếp tục phát'
}

export const DESKTOP_TEXTS: Record<DesktopLanguage, Record<DesktopTextKey, string>> = { en, ko, vi }

/** The language setting ('auto' follows the OS's preferred languages, as the window does), else English. */
export function desktopLanguage(setting: string, osLanguages: readonly string[]): DesktopLanguage {
  const known = (code: string): code is DesktopLanguage => (DESKTOP_LANGUAGES as readonly string[]).includes(code)
  if (known(setting)) return setting
  for (const tag of osLanguages) {
    const base = tag.toLowerCase().split(/[-_]/)[0]
    if (known(base)) return base
  }
  return 'en'
}

/** One string, its `{{name}}` placeholders filled (a missing value stays visible rather than vanishing). */
export function desktopText(language: DesktopLanguage, key: DesktopTextKey, data: Record<string, string> = {}): string {
  return DESKTOP_TEXTS[language][key].replace(/\{\{(\w+)\}\}/g, (whole, name: string) => data[name] ?? whole)
}
