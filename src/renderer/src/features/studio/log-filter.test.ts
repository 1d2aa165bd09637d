import { describe, expect, it } from 'vitest'
import type { LogEvent } from '../../../../shared/live'
import { matchesLogFilter, providersInLog, type LogFilter } from './log-filter'

const line = (level: LogEvent['level'], source?: LogEvent['source']): LogEvent => ({ time: 1, level, code: 'x', message: 'x', ...(source ? { source } : {}) })
const log = [line('info'), line('warn', 'sigma'), line('error'), line('info', 'naver'), line('info', 'sigma')]

describe('the log filter', () => {
  it.each<[LogFilter, number[]]>([
    [{ source: 'all', level: 'all' }, [0, 1, 2, 3, 4]],
    [{ source: 'local', level: 'all' }, [0, 2]],
    [{ source: 'sigma', level: 'all' }, [1, 4]],
    [{ source: 'all', level: 'warn' }, [1, 2]],
    [{ source: 'all', level: 'error' }, [2]],
    [{ source: 'sigma', level: 'warn' }, [1]],
    [{ source: 'kollus', level: 'all' }, []]
  ])('%j keeps lines %j', (filter, kept) => {
    expect(log.flatMap((event, i) => (matchesLogFilter(event, filter) ? [i] : []))).toEqual(kept)
  })

  it('offers the providers that spoke, in the order they first did', () => {
    expect(providersInLog(log)).toEqual(['sigma', 'naver'])
    expect(providersInLog([line('info')])).toEqual([])
  })
})
