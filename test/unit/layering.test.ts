import { describe, expect, it } from 'vitest'
// @ts-expect-error plain ESM helper shared with scripts/, no types
import { checkFile, checkTree } from '../../scripts/layering.mjs'

describe('runtime layering (DESIGN §1)', () => {
  it('the source tree has no layering violations', () => {
    expect(checkTree(process.cwd())).toEqual([])
  })

  it.each([
    ['src/shared/x.ts', "import { readFileSync } from 'node:fs'", /shared must not import Node/],
    ['src/shared/x.ts', "import path from 'path'", /shared must not import Node/],
    ['src/shared/x.ts', "import { app } from 'electron'", /shared must not import electron/],
    ['src/main/core/live/x.ts', "import { app } from 'electron'", /core must not import electron/],
    ['src/main/core/live/x.ts', "const { ipcMain } = require('electron')", /core must not import electron/],
    ['src/main/core/x.ts', "import '../window'", /core must not import shell/],
    ['src/renderer/src/x.tsx', "import { createCore } from '../../main/core/compose'", /renderer must not import core/],
    ['src/renderer/src/x.tsx', "import { main } from '../../cli/index'", /renderer must not import cli/],
    ['src/renderer/src/x.tsx', "const fs = await import('node:fs')", /renderer must not import Node/],
    ['src/renderer/src/x.tsx', "export { x } from 'electron/renderer'", /renderer must not import electron/],
    ['src/renderer/src/x.tsx', "import { Entry } from '@napi-rs/keyring'", /renderer must not import the package "@napi-rs\/keyring"/],
    ['src/preload/index.ts', "import { z } from 'zod'", /preload must not import the package "zod"/],
    ['src/main/core/x.ts', "import { create } from 'zustand'", /core must not import the package "zustand"/],
    ['src/shared/x.ts', "import WebSocket from 'ws'", /shared must not import the package "ws"/],
    ['src/cli/x.ts', "import React from 'react'", /cli must not import the package "react"/],
    ['src/renderer/src/x.tsx', "import { render } from '@testing-library/react'", /renderer must not import the package "@testing-library\/react"/],
    ['src/renderer/src/features/a/b.tsx', "import { scriptedApi } from '../../testing/scripted-api'", /shipped renderer code must not import test code/]
  ])('flags %s importing %s', (file, text, problem) => {
    expect(checkFile(file, text).join('\n')).toMatch(problem)
  })

  it.each([
    ['src/main/core/x.ts', "import { spawn } from 'node:child_process'"],
    ['src/main/index.ts', "import { app } from 'electron'"],
    ['src/renderer/src/x.tsx', "import { COMMANDS } from '../../shared/contract'"],
    ['src/shared/x.ts', "import { z } from 'zod'"],
    ['src/main/core/x.ts', "import { Entry } from '@napi-rs/keyring'"],
    ['src/renderer/src/x.tsx', "import { createRoot } from 'react-dom/client'"],
    ['src/preload/index.ts', "import { contextBridge } from 'electron'"],
    ['src/renderer/src/features/a/b.test.tsx', "import { render } from '@testing-library/react'"],
    ['src/renderer/src/features/a/b.test.tsx', "import { scriptedApi } from '../../testing/scripted-api'"],
    ['src/renderer/src/testing/render.tsx', "import { describe } from 'vitest'"]
  ])('allows %s importing %s', (file, text) => {
    expect(checkFile(file, text)).toEqual([])
  })
})
