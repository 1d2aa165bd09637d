import { describe, expect, it } from 'vitest'
import { contentSecurityPolicy } from '../../../src/shared/content-security-policy'

const directive = (policy: string, name: string) => policy.split('; ').find((d) => d.startsWith(`${name} `))

describe('the UI content security policy (DESIGN §7)', () => {
  it('lets only our own bundle run in the built app: no inline code, no inline styles, no eval, no framing', () => {
    const policy = contentSecurityPolicy()
    expect(directive(policy, 'default-src')).toBe("default-src 'none'")
    expect(directive(policy, 'script-src')).toBe("script-src 'self'")
    expect(directive(policy, 'style-src')).toBe("style-src 'self'")
    expect(directive(policy, 'frame-ancestors')).toBe("frame-ancestors 'none'")
    expect(policy).not.toMatch(/unsafe-(inline|eval)/)
  })

  it("names serve's socket, and leaves frame-ancestors out of a <meta> tag, where browsers ignore it", () => {
    expect(directive(contentSecurityPolicy({ sockets: ['ws://127.0.0.1:4100'] }), 'connect-src')).toBe("connect-src 'self' ws://127.0.0.1:4100")
    expect(directive(contentSecurityPolicy({ meta: true }), 'frame-ancestors')).toBeUndefined()
  })

  it('under the dev server allows inline styles, the HMR socket and the hashed preamble, but never inline scripts', () => {
    const policy = contentSecurityPolicy({ devServer: true, inlineScriptHashes: ['sha256-abc='] })
    expect(directive(policy, 'style-src')).toBe("style-src 'self' 'unsafe-inline'")
    expect(directive(policy, 'script-src')).toBe("script-src 'self' 'sha256-abc='")
    expect(directive(policy, 'connect-src')).toContain('ws://127.0.0.1:*')
  })
})
