import type { VendorRouter } from '../../../lib/vendor.js'
import type { ZohoState } from '../model.js'
import { FULL, DETAIL, requestOut, templateOut } from '../service/render.js'
import { createFromTemplate } from '../service/template-send.js'
import { createTemplate, deleteTemplate, listTemplates, updateTemplate } from '../service/templates.js'
import { findTemplate } from '../service/workspace.js'
import { done, ok, readInput } from '../wire.js'
import { guard, signEnv } from './common.js'

/** Templates T1–T6 (spec §6.4). */

const API = '/api/v1'

export function templateRoutes(r: VendorRouter<ZohoState>): void {
  r.post(`${API}/templates`, async (c, ws) => {
    const p = guard(c, ['templates', 'CREATE'])
    const input = await readInput(c)
    const t = await createTemplate(ws, p.user, { data: input.param('data'), files: input.files })
    return ok(c, { code: 0, templates: templateOut(ws.state, t, FULL), message: 'Template has been added ', status: 'success' })
  })
  r.get(`${API}/templates`, (c, ws) => {
    guard(c, ['templates', 'READ'])
    const { templates, page_context } = listTemplates(ws, c.req.query('data'))
    return ok(c, { code: 0, templates, message: 'Template list retrieved successfully', page_context, status: 'success' })
  })
  r.put(`${API}/templates/:id`, async (c, ws) => {
    guard(c, ['templates', 'UPDATE'])
    const input = await readInput(c, () => findTemplate(ws, c.req.param('id')))
    const t = await updateTemplate(ws, c.req.param('id') ?? '', { data: input.param('data'), files: input.files })
    return ok(c, { code: 0, templates: templateOut(ws.state, t, FULL), status: 'success' })
  })
  r.get(`${API}/templates/:id`, (c, ws) => {
    guard(c, ['templates', 'READ'])
    const t = findTemplate(ws, c.req.param('id'))
    return ok(c, {
      code: 0,
      templates: templateOut(ws.state, t, DETAIL),
      message: 'Template list retrieved successfully',
      status: 'success',
    })
  })
  r.post(`${API}/templates/:id/createdocument`, async (c, ws) => {
    guard(c, ['templates', 'CREATE'], ['documents', 'CREATE'])
    const input = await readInput(c, () => findTemplate(ws, c.req.param('id')))
    const req = await createFromTemplate(signEnv(c, ws), c.req.param('id') ?? '', input.param('data'), input.param('is_quicksend'))
    return ok(c, { code: 0, requests: requestOut(ws.state, req, ws, DETAIL), status: 'success' })
  })
  r.put(`${API}/templates/:id/delete`, async (c, ws) => {
    guard(c, ['templates', 'UPDATE'], ['templates', 'DELETE'])
    await deleteTemplate(ws, c.req.param('id') ?? '')
    return done(c, 'Template deleted successfully')
  })
}
