/**
 * The app's places (DESIGN §10), in the navigation's order. Recordings, History and Settings join this list with
 * the issues that give them content: a streamer is never shown an empty placeholder.
 */
export const PLACES = ['studio', 'accounts', 'recordings', 'history', 'settings'] as const
export type Place = (typeof PLACES)[number]
