import { describe, expect, it } from 'vitest'
import { createSandbox } from '../index.js'
import { faultRuleSchema, parseRule } from './faults.js'

describe('parseRule', () => {
  const schema = faultRuleSchema(createSandbox({ vendors: ['ipro'] }).runtime)
  const problem = (input: Record<string, unknown>) => parseRule(schema, input)

  it('names the first problem in the words of the control plane', () => {
    expect(problem({ vendor: 'nope', status: 500 })).toBe('vendor must be one of ipro')
    expect(problem({ vendor: 'ipro', status: 500, extra: 1 })).toMatch(/^unknown key "extra"; a rule has vendor, method, path/)
    expect(problem({ vendor: 'ipro', status: 99 })).toBe('status must be an integer from 100 to 599')
    expect(problem({ vendor: 'ipro', delay_ms: 1.5 })).toBe('delay_ms must be an integer from 0 to 30000')
    expect(problem({ vendor: 'ipro', status: 500, probability: '1' })).toBe('probability must be a number from 0 to 1')
    expect(problem({ vendor: 'ipro', headers: { a: 1 }, status: 500 })).toBe('headers must be an object of strings')
    expect(problem({ vendor: 'ipro', error: 'ipro.zzz' })).toBe('error must be an id of GET /__sandbox/errors?vendor=ipro')
    expect(problem({ vendor: 'ipro', method: 'get' })).toBe('a rule needs an effect: error, status, delay_ms or drop')
    expect(problem({ vendor: 'ipro', error: 'ipro.not_found', status: 500 })).toBe('give either error or status, not both')
  })

  it('keeps only the keys given, the method upper-cased', () => {
    expect(problem({ vendor: 'ipro', method: 'get', path: '/v2/*', drop: true })).toEqual({
      vendor: 'ipro',
      method: 'GET',
      path: '/v2/*',
      drop: true,
    })
  })
})
