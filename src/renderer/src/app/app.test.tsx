import { screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { renderWithApi } from '../testing/render'
import { App } from './app'

describe('the app shell', () => {
  it('offers only the places that have content, and reaches them by keyboard', async () => {
    const user = userEvent.setup()
    renderWithApi(<App />)
    const nav = screen.getByRole('navigation')
    expect([...nav.querySelectorAll('button')].map((b) => b.textContent)).toEqual(['Studio', 'Accounts', 'Recordings', 'History', 'Settings'])
    expect(screen.getByTestId('nav-studio').getAttribute('aria-current')).toBe('page')
    expect(screen.getByTestId('go-live')).toBeTruthy()

    // Tab from the top of the page reaches the navigation first; Enter opens Accounts and puts focus on its title.
    await user.tab()
    expect(document.activeElement).toBe(screen.getByTestId('nav-studio'))
    await user.tab()
    expect(document.activeElement).toBe(screen.getByTestId('nav-accounts'))
    await user.keyboard('{Enter}')
    await waitFor(() => expect(document.activeElement?.textContent).toBe('Accounts'))
    expect(document.activeElement?.tagName).toBe('H1')
    expect(screen.getByTestId('nav-accounts').getAttribute('aria-current')).toBe('page')
    expect(screen.queryByTestId('go-live')).toBeNull()

    // Space works as well, back to the Studio.
    screen.getByTestId('nav-studio').focus()
    await user.keyboard(' ')
    await waitFor(() => expect(screen.getByTestId('go-live')).toBeTruthy())

    // Recordings, the third place, the same way.
    screen.getByTestId('nav-recordings').focus()
    await user.keyboard('{Enter}')
    await waitFor(() => expect(document.activeElement?.textContent).toBe('Recordings'))
    expect(screen.getByTestId('recordings-empty')).toBeTruthy()

    // History, the fourth: the shows so far (none yet).
    screen.getByTestId('nav-history').focus()
    await user.keyboard('{Enter}')
    await waitFor(() => expect(document.activeElement?.textContent).toBe('History'))
    expect(await screen.findByTestId('history-empty')).toBeTruthy()

    // Settings, the last: main's settings, the output first.
    screen.getByTestId('nav-settings').focus()
    await user.keyboard('{Enter}')
    await waitFor(() => expect(document.activeElement?.textContent).toBe('Settings'))
    expect(await screen.findByTestId('output-preset')).toBeTruthy()
  })
})
