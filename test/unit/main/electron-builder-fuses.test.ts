import { createRequire } from 'node:module'
import { describe, expect, it } from 'vitest'

// electron-builder's own code reads and checks the config, so a misspelt key fails here, not in a release build.
const require = createRequire(import.meta.url)
const { PlatformPackager } = require('app-builder-lib') as {
  PlatformPackager: { prototype: { generateFuseConfig(fuses: unknown): Promise<Record<string, unknown>> } }
}
const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
  getConfig(projectDir: string, configPath: string, fromOptions: null): Promise<{ electronFuses?: unknown }>
  validateConfiguration(config: unknown, debugLogger: unknown): Promise<void>
}
const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown }

describe('electron-builder.yml fuses (DESIGN §7)', () => {
  it('is a valid electron-builder config whose packaged binary gets every hardening fuse', async () => {
    const config = await getConfig(process.cwd(), 'electron-builder.yml', null)
    await validateConfiguration(config, new DebugLogger(false))

    // The wire @electron/fuses writes into the binary, keyed by its own fuse names.
    const { FuseV1Options } = (await import('@electron/fuses')) as unknown as { FuseV1Options: Record<string, number | string> }
    const wire = await PlatformPackager.prototype.generateFuseConfig.call(null, config.electronFuses)
    const byName = Object.fromEntries(
      Object.entries(wire)
        .filter(([key]) => /^\d+$/.test(key))
        .map(([key, value]) => [FuseV1Options[key], value])
    )
    expect(byName).toEqual({
      RunAsNode: false,
      EnableNodeOptionsEnvironmentVariable: false,
      EnableNodeCliInspectArguments: false,
      EnableCookieEncryption: true,
      EnableEmbeddedAsarIntegrityValidation: true,
      OnlyLoadAppFromAsar: true,
      GrantFileProtocolExtraPrivileges: false
    })
  })

  it('would catch a misspelt fuse: electron-builder refuses unknown keys', async () => {
    const config = await getConfig(process.cwd(), 'electron-builder.yml', null)
    await expect(validateConfiguration({ ...config, electronFuses: { runAsNod: false } }, new DebugLogger(false))).rejects.toThrow(/electronFuses/)
  })
})
