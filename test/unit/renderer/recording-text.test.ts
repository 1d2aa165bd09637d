import { describe, expect, it, vi as vitest } from 'vitest'

describe('a failed recording, in the streamer’s language', () => {
  it('the log warning names the cause; the disk_full error carries its numbers', async () => {
    vitest.stubGlobal('navigator', { languages: ['ko-KR'], language: 'ko-KR' })
    vitest.stubGlobal('document', { documentElement: {} })
    const { setupI18n, localise, errorText, changeLanguage } = await import('../../../src/renderer/src/i18n/i18n')
    setupI18n()
    changeLanguage('ko')
    expect(localise('log.recording.failed', 'x', { cause: 'disk_full', seconds: 6 })).toBe(
      '로컬 녹화가 6초에서 멈췄습니다: 디스크가 가득 찼습니다. 방송은 계속됩니다.'
    )
    const diskFull = {
      code: 'disk_full' as const,
      message: 'The recording folder /r has too little free space…',
      retryable: false,
      field: 'record',
      data: { needed: '197 MB', free: '3.1 MB' }
    }
    expect(errorText(diskFull).text).toBe('녹화할 여유 공간이 부족합니다: 약 197 MB가 필요하지만 3.1 MB만 남아 있습니다.')
    changeLanguage('vi')
    expect(localise('log.recording.failed', 'x', { cause: 'folder_gone', seconds: 2.5 })).toBe(
      'Bản ghi trên máy dừng ở giây 2.5: thư mục ghi đã bị xóa. Buổi phát vẫn tiếp tục.'
    )
    expect(errorText(diskFull).text).toBe('Không đủ dung lượng trống để ghi: cần khoảng 197 MB, chỉ còn 3.1 MB.')
    changeLanguage('en')
    // English shows main's own message: the most specific one, with the folder and the minutes.
    expect(errorText(diskFull)).toEqual({ text: diskFull.message })
    vitest.unstubAllGlobals()
  })
})
