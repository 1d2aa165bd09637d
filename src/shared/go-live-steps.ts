/**
 * The steps of Go Live, in the order a streamer sees them in the checklist (issue 8 item 6): the account is signed in,
 * the channel is made ready at the provider (Sigma start, NAVER unblock, a new v1.0-poc stream), the ingest is handed
 * out, the encoder runs, the push reaches the ingest, and the provider confirms it is live (where it reports that).
 * An error of a go-live carries the step it stopped at, so the UI can mark that step without guessing from the code.
 */
export const GO_LIVE_STEPS = ['account', 'channel', 'ingest', 'encoder', 'push', 'confirm'] as const
export type GoLiveStep = (typeof GO_LIVE_STEPS)[number]
