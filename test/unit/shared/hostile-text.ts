/** 1 MB texts shaped to make a backtracking regex quadratic (the 77 s field name of issue 7 was one of them). */
export function hostileTexts(size = 1024 * 1024): Record<string, string> {
  const fill = (unit: string) => unit.repeat(Math.ceil(size / unit.length)).slice(0, size)
  let seed = 42
  const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 :/=&?@"\'{}._-\n'
  const random: string[] = []
  for (let i = 0; i < size; i++) {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff
    random.push(alphabet[seed % alphabet.length])
  }
  return {
    'random text': random.join(''),
    'one letter': fill('a'),
    'rtmp://a/b/ repeats': fill('rtmp://a/b/'),
    'key= repeats': fill('key='),
    '"streamKey": " repeats': fill('"streamKey": "'),
    'Basic repeats': fill('Basic '),
    'a:b@ repeats': fill('a:b@'),
    'a field name': `{"${fill('x')}": "1"}`,
    'a-b-c field name': `"${fill('a-')}" is not a field`,
    'a.b.c host name': fill('a.'),
    'rtmp://a repeats': fill('rtmp://a'),
    'x-ncp header repeats': fill('x-ncp-apigw-signature-v2'),
    '://a: repeats': fill('a://b:')
  }
}

/** Best of three runs, in ms: one slow run on a busy 2-core machine is noise, three are a finding. */
export function bestTime(run: () => unknown): number {
  let best = Infinity
  for (let i = 0; i < 3; i++) {
    const start = performance.now()
    run()
    best = Math.min(best, performance.now() - start)
  }
  return best
}
