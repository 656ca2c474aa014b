import { describe, expect, it } from 'vitest'
import { parseRules, ruleLanguage } from './signature-requests.js'

describe('connector rules', () => {
  it('splits only before another Name- so underscores in values survive', () => {
    expect(parseRules('emailTo-john_doe@x.test_lang-en')).toEqual({ emailTo: 'john_doe@x.test', lang: 'en' })
    expect(parseRules('guiSignerName-John Doe_guiRequestSignerName-true_signAnywhereEnabled-false')).toEqual({
      guiSignerName: 'John Doe',
      guiRequestSignerName: 'true',
      signAnywhereEnabled: 'false',
    })
  })
  it('reads the value-less rules and the old one-rule string', () => {
    expect(parseRules('emailTo-a@x.test_emailNotification_emailFinal')).toEqual({
      emailTo: 'a@x.test',
      emailNotification: '',
      emailFinal: '',
    })
    expect(parseRules('signAnywhere-false')).toEqual({ signAnywhereEnabled: 'false' })
  })
  it('normalises the object form to strings, last one wins', () => {
    expect(parseRules({ signAnywhereEnabled: false, n: 3, emailTo: 'a@x.test' })).toEqual({
      signAnywhereEnabled: 'false',
      n: '3',
      emailTo: 'a@x.test',
    })
    expect(parseRules('lang-en_lang-cs')).toEqual({ lang: 'cs' })
  })
  it('picks the e-mail language: lang, then language, else Slovak', () => {
    expect(ruleLanguage({ lang: 'en', language: 'cs' })).toBe('en')
    expect(ruleLanguage({ language: 'cs' })).toBe('cs')
    expect(ruleLanguage({ lang: 'xx' })).toBe('sk')
    expect(ruleLanguage({})).toBe('sk')
  })
})
