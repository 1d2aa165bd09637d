import { cleanup } from '@testing-library/react'
import { afterEach, beforeEach } from 'vitest'
import { changeLanguage, setupI18n } from '../i18n/i18n'

// Each test starts in English with an empty page; tests that switch language switch back here.
setupI18n()
beforeEach(() => changeLanguage('en'))
afterEach(() => cleanup())
