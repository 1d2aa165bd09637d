// A second process making Kollus calls (run with tsx by kollus.test.ts): the app-wide limit must hold across processes.
import { createProvider } from '../../../src/main/core/providers/provider-registry'

const env = process.env
const kollus = createProvider('kollus', {
  fields: { serviceAccountKey: env.SAK ?? '', accessToken: env.PAT ?? '', apiBase: env.API_BASE ?? '' },
  profile: 'default',
  dataDir: env.ONAIR_DATA_DIR
})
void (async () => {
  for (let i = 0; i < Number(env.CALLS ?? 1); i++) await kollus.verify()
  process.stdout.write('done\n')
})()
