import { OTHERS_REQUEST_TYPE } from '../constants.js'
import { fail } from '../errors.js'
import { type ZField, type ZTemplate, type ZUser, SIGNING_DEFAULTS, type ZWs } from '../model.js'
import { guardActionIds, guardActionTypes, guardReadOnly, mergeActions, usedNames } from './compose.js'
import { toDocuments, type NewDocument } from './documents-in.js'
import { mergeFields } from './field-input.js'
import { isObj, parseData, unableToProcess, type Obj } from './input.js'
import { page, pageQuery } from './listing.js'
import { LIST, templateOut } from './render.js'
import type { BodyInput } from './requests.js'
import { applySettings, readName } from './settings.js'
import { atomic, findTemplate, newId, storeDocuments } from './workspace.js'

/** Templates T1–T4, T6 (spec §6.4); T5 lives in template-send.ts. */

/** `document_fields: [{document_id, fields, deleted_fields}]` merged into the prefill fields. */
function mergeDocumentFields(ws: ZWs, t: ZTemplate, value: unknown): ZField[] {
  if (value === undefined || value === null) return t.document_fields
  if (!Array.isArray(value)) unableToProcess()
  let fields = t.document_fields
  const used = usedNames(t.actions, t.document_fields)
  for (const group of value as unknown[]) {
    if (!isObj(group)) unableToProcess()
    const docId = group.document_id === undefined || group.document_id === null ? undefined : String(group.document_id)
    const raw = Array.isArray(group.fields)
      ? group.fields.map((f) => (isObj(f) && docId && f.document_id === undefined ? { ...f, document_id: docId } : f))
      : group.fields
    fields = mergeFields(fields, raw, group.deleted_fields, { documents: t.documents, newId: newId(ws), usedNames: used })
  }
  return fields
}

async function applyTemplateInput(
  ws: ZWs,
  t: ZTemplate,
  input: Obj | undefined,
  files: BodyInput['files'],
  create: boolean,
): Promise<{ template: ZTemplate; docs: NewDocument[] }> {
  const next: ZTemplate = {
    ...t,
    documents: [...t.documents],
    document_fields: [...t.document_fields],
    actions: t.actions.map((a) => ({ ...a, fields: [...a.fields] })),
  }
  if (input) {
    guardReadOnly(input)
    const name = readName(input, 'template_name', create)
    if (name !== undefined) next.template_name = name
    guardActionTypes(input)
    applySettings(ws, input, next)
    guardActionIds(input, t.actions)
  }
  if (create && files.length === 0) fail('missing_key', 'file')
  const docs = await toDocuments(files, newId(ws))
  next.documents.push(...docs.map((d) => d.doc))
  if (input) {
    next.actions = mergeActions(
      next.actions,
      input,
      { requireRecipients: false },
      {
        documents: next.documents,
        newId: newId(ws),
        usedNames: usedNames(next.actions, next.document_fields),
        existsAction: (id) => t.actions.some((a) => a.action_id === id),
      },
    )
    next.document_fields = mergeDocumentFields(ws, next, input.document_fields)
  }
  return { template: next, docs }
}

function commit(ws: ZWs, t: ZTemplate, docs: NewDocument[]): ZTemplate {
  storeDocuments(ws, docs, { kind: 'template', id: t.template_id })
  t.modified_time = ws.now()
  ws.state.templates.set(t.template_id, t)
  return t
}

export function createTemplate(ws: ZWs, owner: ZUser, body: BodyInput): Promise<ZTemplate> {
  return atomic(ws, async () => {
    const input = parseData(body.data, ['templates'])
    const now = ws.now()
    const blank: ZTemplate = {
      template_id: '',
      template_name: '',
      request_type_id: OTHERS_REQUEST_TYPE,
      description: '',
      notes: '',
      owner_id: owner.user_id,
      created_time: now,
      modified_time: now,
      ...SIGNING_DEFAULTS,
      documents: [],
      document_fields: [],
      actions: [],
    }
    const { template, docs } = await applyTemplateInput(ws, blank, input, body.files, true)
    template.template_id = newId(ws)()
    return commit(ws, template, docs)
  })
}

export function updateTemplate(ws: ZWs, id: string, body: BodyInput): Promise<ZTemplate> {
  return atomic(ws, async () => {
    const t = findTemplate(ws, id)
    const hasData = body.data !== undefined && body.data !== ''
    if (!hasData && body.files.length === 0) fail('missing_key', 'templates')
    const input = hasData ? parseData(body.data, ['templates']) : undefined
    const { template, docs } = await applyTemplateInput(ws, t, input, body.files, false)
    return commit(ws, template, docs)
  })
}

export function deleteTemplate(ws: ZWs, id: string): Promise<void> {
  return atomic(ws, () => {
    const t = findTemplate(ws, id)
    t.is_deleted = true
    commit(ws, t, [])
  })
}

const COLUMNS = ['template_name', 'owner_first_name', 'created_time', 'modified_time', 'action_time']

export function listTemplates(ws: ZWs, data: string | undefined) {
  const q = pageQuery(data, COLUMNS, { sort_column: 'created_time', sort_order: 'DESC' })
  const value = (t: ZTemplate, c: string): string | number => {
    if (c === 'template_name') return t.template_name
    if (c === 'owner_first_name') return ws.state.users.get(t.owner_id)?.first_name ?? ''
    if (c === 'modified_time' || c === 'action_time') return t.modified_time
    return t.created_time
  }
  const { rows, page_context } = page(
    ws.state.templates.filter((t) => !t.is_deleted),
    q,
    value,
    (t) => t.template_id,
  )
  return { templates: rows.map((t) => templateOut(ws.state, t, LIST)), page_context }
}
