import { describe, expect, it } from 'vitest'
import { displayText, escapeInvisible, NAME_LIMIT, terminalText } from '../../../src/shared/display-text'

describe('displayText: labels and names safe to store and print', () => {
  it.each([
    ['plain', 'My show', 'My show'],
    ['Korean and Vietnamese stay as written', 'Kênh trực tiếp 채널 1', 'Kênh trực tiếp 채널 1'],
    ['emoji and joiners stay', '👩‍💻 live', '👩‍💻 live'],
    ['a terminal escape (CSI) loses its ESC', 'ok\u001b[2J\u001b]0;pwned\u0007', 'ok[2J]0;pwned'],
    ['C1 controls go (8-bit CSI)', 'a\u009b31mb\u0085c', 'a31mbc'],
    ['DEL and NUL go', 'a\u007fb\u0000c', 'abc'],
    ['a right-to-left override cannot reverse a name', 'invoice\u202Egnp.exe', 'invoicegnp.exe'],
    ['isolates and marks go', '\u2066a\u2067b\u2068c\u2069\u200E\u200F\u061C', 'abc'],
    ['embeddings go', '\u202Aa\u202Bb\u202Cc\u202Dd', 'abcd'],
    ['line breaks and tabs become spaces, ends trimmed', '  one\ntwo\r\nthree\tfour\u2028 ', 'one two  three four']
  ])('%s', (_name, input, expected) => {
    expect(displayText(input)).toBe(expected)
  })

  it('cuts long names with a marker, never inside an emoji, and cheaply', () => {
    expect(displayText('x'.repeat(500))).toBe(`${'x'.repeat(NAME_LIMIT - 1)}…`)
    const emoji = displayText(`${'x'.repeat(NAME_LIMIT - 2)}😀😀`)
    expect(emoji).toBe(`${'x'.repeat(NAME_LIMIT - 2)}…`)
    const start = performance.now()
    expect(displayText('\u202E'.repeat(10_000_000)).length).toBe(0)
    expect(performance.now() - start).toBeLessThan(50)
  })

  it('terminalText keeps our own layout (tabs, line breaks) and drops the rest', () => {
    expect(terminalText('id\tname\u001b[31m\r\nnext\u202E')).toBe('id\tname[31m\nnext')
  })

  it('escapeInvisible keeps JSON lossless and parseable', () => {
    const value = { label: 'a\u202Eb\u0085c\u2066' }
    const line = escapeInvisible(JSON.stringify(value))
    expect(line).toBe('{"label":"a\\u202eb\\u0085c\\u2066"}')
    expect(JSON.parse(line)).toEqual(value)
  })
})
