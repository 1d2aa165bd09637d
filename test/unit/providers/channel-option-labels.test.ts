import { describe, expect, it } from 'vitest'
import { PROVIDER_CHANNEL_OPTIONS } from '../../../src/main/core/providers/provider-registry'
import { en } from '../../../src/renderer/src/i18n/en'
import { ko } from '../../../src/renderer/src/i18n/ko'
import { vi } from '../../../src/renderer/src/i18n/vi'
import { PROVIDER_IDS } from '../../../src/shared/providers'

const hangul = /[\uAC00-\uD7A3]/
const vietnamese = /[ăâđêôơưáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ]/i

describe('channel option labels', () => {
  // The create-channel form draws core's option schema: every option of every provider has its words in all three
  // languages, so a Korean or Vietnamese streamer never meets the provider's English label.
  it('labels every option core offers, in English, Korean and Vietnamese', () => {
    const missing: string[] = []
    for (const provider of PROVIDER_IDS) {
      for (const option of PROVIDER_CHANNEL_OPTIONS[provider] ?? []) {
        const key = `channelOption.${provider}.${option.name}`
        for (const [lng, messages] of Object.entries({ en, ko, vi }) as Array<[string, Record<string, string | undefined>]>) {
          if (!messages[key]) missing.push(`${lng} ${key}`)
          // An option core explains has its explanation in every language too.
          if (option.help && !messages[`${key}.help`]) missing.push(`${lng} ${key}.help`)
        }
      }
    }
    expect(missing).toEqual([])
  })

  it('Korean and Vietnamese option labels are written in those languages, not copied from English', () => {
    // Values may be product or protocol names that stay as they are (CDN+, HLS); every label and help is translated.
    for (const key of Object.keys(en).filter((k) => k.startsWith('channelOption.') && !k.includes('.value.'))) {
      expect((ko as Record<string, string>)[key], key).toMatch(hangul)
      expect((vi as Record<string, string>)[key], key).toMatch(vietnamese)
    }
  })

  it('names the values of options that the providers spell as digits', () => {
    for (const provider of PROVIDER_IDS) {
      for (const option of PROVIDER_CHANNEL_OPTIONS[provider] ?? []) {
        for (const value of option.values ?? []) {
          if (/^\d+$/.test(value)) expect(en, `${provider}.${option.name}=${value}`).toHaveProperty(`channelOption.${provider}.${option.name}.value.${value}`)
        }
      }
    }
  })
})
