import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connect, createSandbox, ControlClientError, type SimulateCatalogueEntry } from '../../src/index.js'
import { allVendors } from '../../src/mocks/index.js'
import { startCli, type CliProcess } from '../helpers/cli.js'
import { U3 } from '../ipro/helpers.js'

/** GET /__sandbox/simulate (sandbox.md §4): every simulate action with the JSON Schema of its body. */

const sandbox = createSandbox({ seed: 1, clock: '2021-06-21T00:00:00Z' })
const control = sandbox.control.workspace('sim-catalogue')

describe('simulate catalogue', () => {
  it('lists every action of every vendor with a description and an object JSON Schema', async () => {
    const { items, count } = await control.simulateCatalogue()
    const expected = allVendors.flatMap((v) => Object.keys(v.simulate ?? {}).map((a) => `${v.id}/${a}`))
    expect(items.map((i) => `${i.vendor}/${i.action}`)).toEqual(expected)
    expect(count).toBe(expected.length)
    for (const item of items) {
      expect(item.description.length, `${item.vendor}/${item.action}`).toBeGreaterThan(10)
      expect(item.schema.type).toBe('object')
      expect(item.schema.properties).toBeTypeOf('object')
    }
  })

  it('schemas say which fields are required, e.g. tranadmin party-complete and IPRO authorize', async () => {
    const { items } = await control.simulateCatalogue()
    const find = (vendor: string, action: string) => items.find((i) => i.vendor === vendor && i.action === action) as SimulateCatalogueEntry
    expect(find('tranadmin', 'party-complete').schema.required).toEqual(['tid', 'party'])
    expect(find('ipro', 'authorize').schema).toMatchObject({
      required: ['user_id'],
      properties: { user_id: { type: 'string' }, ttl_s: { type: 'integer', minimum: 1, maximum: 86400 } },
    })
    expect(find('okdokument', 'sign').schema.required).toEqual(['signatureRequestId'])
  })

  it('?vendor= narrows the list; an unknown vendor is a 404', async () => {
    const { items } = await control.simulateCatalogue('zoho')
    expect(items.map((i) => i.action)).toEqual(['view', 'sign', 'decline', 'reassign', 'expire'])
    await expect(control.simulateCatalogue('nope')).rejects.toMatchObject({ status: 404, body: { error: 'unknown_vendor' } })
  })

  it('a body that breaks the schema is a 400 naming every bad field', async () => {
    const err = await control.simulate('tranadmin', 'party-complete', { esign: 'yes' } as never).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ControlClientError)
    const { status, body } = err as ControlClientError
    expect(status).toBe(400)
    expect(body.error).toBe('bad_request')
    for (const field of ['tid', 'party', 'esign']) expect(body.message).toContain(`${field}:`)
  })

  it('the control client types bodies and results per vendor and action', async () => {
    const minted = await control.simulate('ipro', 'authorize', { user_id: U3, ttl_s: 60 })
    expect(minted.code).toMatch(/^ds-code-/)
    // Checked by `tsc --noEmit` (npm test); never run.
    const typeChecks = () => {
      // @ts-expect-error user_id is required
      void control.simulate('ipro', 'authorize', {})
      // @ts-expect-error ttl_s is a number
      void control.simulate('ipro', 'authorize', { user_id: U3, ttl_s: '60' })
      // @ts-expect-error no such action
      void control.simulate('ipro', 'fly', {})
      // @ts-expect-error no such vendor
      void control.simulate('acme', 'sign', {})
      // An action whose body fields are all optional takes no body.
      void control.simulate('zoho', 'view')
    }
    expect(typeChecks).toBeTypeOf('function')
  })
})

describe('simulate catalogue over HTTP, from the CLI bundle', () => {
  let cli: CliProcess
  beforeAll(async () => {
    cli = await startCli(['--clock', '2021-06-21T00:00:00Z'])
  })
  afterAll(async () => {
    cli.child.kill('SIGTERM')
    await cli.exited
  })

  it('connect(url) reads the same catalogue and runs typed actions', async () => {
    const remote = connect(cli.url, { workspace: 'sim-remote' })
    expect(await remote.simulateCatalogue()).toEqual(await control.simulateCatalogue())
    const minted = await remote.simulate('ipro', 'authorize', { user_id: U3 })
    expect(minted.user_id).toBe(U3)
  })
})
