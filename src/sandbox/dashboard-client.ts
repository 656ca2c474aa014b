/**
 * The console's browser script. It is served as `(${dashboardClient})()`, so
 * it must stay self-contained: no imports, no references outside this
 * function. Typed and linted like the rest of the code; DOM built with
 * `h()` and text nodes only, so no stored value is ever parsed as markup.
 */
// Types only: erased from the served script, which stays self-contained.
import type { JournalEntry } from '../state/workspace.js'

export function dashboardClient(): void {
  type Child = Node | string | number | null | undefined | false | Child[]
  type Props = Record<string, string | number | boolean | undefined | ((ev: Event) => void)>
  interface Mount {
    prefix: string
    base_url: string
    hosts: string[]
  }
  interface Vendor {
    id: string
    name: string
    base_urls: string[]
    hosts: string[]
    mounts?: Mount[]
    endpoints: { method: string; path: string }[]
    docs: string
  }
  interface ListReply<T> {
    items: T[]
    count: number
    total?: number
  }
  type Journal = JournalEntry
  interface Attempt {
    at: string
    status?: number
    error?: string
    duration_ms: number
  }
  interface Outbox {
    id: string
    vendor: string
    type: 'email' | 'webhook' | 'callback'
    at: string
    to?: string | string[]
    subject?: string
    text?: string
    links?: string[]
    url?: string
    method?: string
    headers?: Record<string, string>
    body?: string
    attempts?: Attempt[]
    state?: string
  }
  interface CatalogueError {
    id: string
    vendor: string
    http_status: number
    code: unknown
    message: string
    trigger: string
  }
  interface Signer {
    name?: string
    email?: string
    role?: string
    status: string
    link?: string
  }
  interface RecordView {
    vendor: string
    kind: string
    id: string
    title: string
    state: string
    signers: Signer[]
    note?: string
  }
  interface Schema {
    type?: string | string[]
    properties?: Record<string, Schema>
    required?: string[]
    enum?: unknown[]
    anyOf?: Schema[]
    description?: string
    default?: unknown
  }
  interface SimulateItem {
    vendor: string
    action: string
    description?: string
    schema: Schema
  }

  const data = document.body.dataset
  const base = data.base ?? '/__sandbox'
  const workspace = data.workspace ?? 'default'
  const csrf = data.csrf ?? ''
  const main = document.getElementById('main') as HTMLElement
  const toastBox = document.getElementById('toast') as HTMLElement
  const PAGE = 50
  let vendors: Vendor[] = []
  let tab = ''
  let refresh: (() => Promise<void>) | undefined

  function h(tag: string, props: Props = {}, ...children: Child[]): HTMLElement {
    const el = document.createElement(tag)
    for (const [k, v] of Object.entries(props)) {
      if (v === undefined || v === false) continue
      if (typeof v === 'function') el.addEventListener(k.slice(2), v)
      else if (k === 'class') el.className = String(v)
      else el.setAttribute(k, v === true ? '' : String(v))
    }
    append(el, children)
    return el
  }
  function append(el: HTMLElement, children: Child[]): void {
    for (const c of children) {
      if (c === null || c === undefined || c === false) continue
      if (Array.isArray(c)) append(el, c)
      else el.append(typeof c === 'number' ? String(c) : c)
    }
  }
  function toast(message: string, bad = false): void {
    const p = h('p', { class: bad ? 'bad' : '' }, message)
    toastBox.append(p)
    setTimeout(() => p.remove(), bad ? 8000 : 2500)
  }
  async function api<T>(path: string, method = 'GET', body?: unknown): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' }
    if (method !== 'GET') headers['x-sandbox-csrf'] = csrf
    if (body !== undefined) headers['content-type'] = 'application/json'
    const res = await fetch(base + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) })
    if (res.status === 401) location.reload()
    const text = await res.text()
    const value = text ? (JSON.parse(text) as T & { error?: string; message?: string }) : ({} as T & { message?: string })
    if (!res.ok) throw new Error(`${res.status} ${value.message ?? ''}`)
    return value
  }
  /** Runs a button's action, reporting failures instead of losing them. */
  function act(fn: () => Promise<unknown>, done?: string): (ev: Event) => void {
    return (ev) => {
      ev.preventDefault()
      fn().then(
        () => {
          if (done) toast(done)
          void (refresh ?? (() => Promise.resolve()))()
        },
        (err: Error) => toast(err.message, true),
      )
    }
  }
  async function copy(text: string): Promise<void> {
    try {
      await navigator.clipboard.writeText(text)
    } catch {
      const area = h('textarea', {}, text) as HTMLTextAreaElement
      document.body.append(area)
      area.select()
      document.execCommand('copy')
      area.remove()
    }
    toast(`Copied: ${text}`)
  }
  const copyButton = (text: string, label = 'Copy') =>
    h('button', { type: 'button', 'aria-label': `Copy ${text}`, onclick: () => void copy(text) }, label)
  const time = (iso: string) => (iso.length > 19 ? iso.slice(11, 23) : iso)
  const isHttp = (url: string) => /^https?:\/\//i.test(url)
  const link = (url: string, text = url) =>
    isHttp(url) ? h('a', { href: url, target: '_blank', rel: 'noopener' }, text) : h('span', {}, text)
  const pre = (value: unknown) => h('pre', {}, typeof value === 'string' ? value : JSON.stringify(value, null, 2))
  const query = (params: Record<string, string | number | undefined>) => {
    const q = Object.entries(params).filter(([, v]) => v !== undefined && v !== '')
    return q.length ? `?${q.map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`).join('&')}` : ''
  }
  const statusClass = (s: number | undefined) => `s${String(s ?? 0)[0]}`

  /**
   * A link a vendor sent to its real host, as this sandbox serves it (tranadmin pickup links name the ESF host).
   * A `/ws/<id>` after the host names this workspace, which the mount's base URL already carries.
   */
  function localLink(url: string): string | undefined {
    for (const v of vendors)
      for (const m of v.mounts ?? [])
        for (const host of m.hosts)
          if (url === host || url.startsWith(`${host}/`))
            return m.base_url + url.slice(host.length).replace(/^\/ws\/[A-Za-z0-9_-]{1,64}(?=\/|$)/, '')
    return undefined
  }

  function vendorSelect(id: string, value: string, onchange?: (ev: Event) => void, any = 'All vendors'): HTMLElement {
    return h(
      'select',
      { id, name: 'vendor', onchange },
      any ? h('option', { value: '' }, any) : null,
      vendors.map((v) => h('option', { value: v.id, selected: v.id === value }, `${v.name} (${v.id})`)),
    )
  }
  const labelled = (text: string, control: HTMLElement) => h('label', {}, text, control)

  // ---- Vendors
  async function vendorsView(): Promise<Child[]> {
    return vendors.map((v) =>
      h(
        'section',
        {},
        h('h2', {}, `${v.name} `, h('span', { class: 'badge' }, v.id)),
        h(
          'table',
          {},
          h('tr', {}, h('th', {}, 'Mount'), h('th', {}, 'Sandbox base URL'), h('th', {}, 'Real hosts (MSW)')),
          (v.mounts ?? []).map((m) =>
            h(
              'tr',
              {},
              h('td', { class: 'mono' }, m.prefix),
              h('td', {}, h('code', {}, m.base_url), ' ', copyButton(m.base_url)),
              h(
                'td',
                {},
                m.hosts.map((host) => h('div', {}, h('code', {}, host), ' ', copyButton(host))),
              ),
            ),
          ),
        ),
        h(
          'details',
          {},
          h('summary', {}, `${v.endpoints.length} endpoints`),
          h(
            'table',
            {},
            v.endpoints.map((e) => h('tr', {}, h('td', { class: 'mono' }, e.method), h('td', { class: 'mono' }, e.path))),
          ),
        ),
        isHttp(v.docs) ? h('p', {}, 'Vendor docs: ', link(v.docs)) : h('p', { class: 'muted' }, v.docs),
      ),
    )
  }

  // ---- Records
  const recordFilter = { vendor: '' }
  async function recordsView(): Promise<Child[]> {
    const list = await api<ListReply<RecordView>>(`/records${query({ vendor: recordFilter.vendor })}`)
    const byVendor = new Map<string, RecordView[]>()
    for (const r of list.items) byVendor.set(r.vendor, [...(byVendor.get(r.vendor) ?? []), r])
    const filter = h(
      'form',
      { class: 'row' },
      labelled(
        'Vendor ',
        vendorSelect('records-vendor', recordFilter.vendor, (ev) => {
          recordFilter.vendor = (ev.target as HTMLSelectElement).value
          void show('records')
        }),
      ),
    )
    const sections = [...byVendor].map(([vendor, rows]) =>
      h(
        'section',
        {},
        h('h2', {}, vendors.find((v) => v.id === vendor)?.name ?? vendor, ` (${rows.length})`),
        h(
          'table',
          {},
          h(
            'tr',
            {},
            ['Kind', 'Id', 'Title', 'State', 'Signers'].map((t) => h('th', {}, t)),
          ),
          rows.map((r) =>
            h(
              'tr',
              {},
              h('td', {}, r.kind),
              h('td', { class: 'mono' }, r.id),
              h('td', {}, r.title),
              h('td', {}, h('span', { class: 'badge' }, r.state), r.note ? h('div', { class: 'muted note' }, r.note) : null),
              h(
                'td',
                {},
                r.signers.map((s) =>
                  h(
                    'div',
                    {},
                    [s.name, s.email && `<${s.email}>`, s.role && `(${s.role})`].filter(Boolean).join(' '),
                    ' ',
                    h('span', { class: 'badge' }, s.status),
                    s.link ? [' ', link(s.link, 'signing page')] : null,
                  ),
                ),
              ),
            ),
          ),
        ),
      ),
    )
    return [filter, ...(sections.length ? sections : [h('p', { class: 'muted' }, 'No records.')])]
  }

  /**
   * A filter bar of a paged listing: submitting copies the named fields into the listing's state, goes back
   * to its first page and shows the tab again, instead of leaving the page.
   */
  function filterForm<K extends string>(
    label: string,
    state: Record<K, string> & { offset: number },
    keys: readonly K[],
    tab: string,
    ...children: Child[]
  ): HTMLElement {
    const submit = (ev: Event) => {
      ev.preventDefault()
      const f = new FormData(ev.target as HTMLFormElement)
      for (const k of keys) state[k] = String(f.get(k) ?? '') as (typeof state)[K]
      state.offset = 0
      void show(tab)
    }
    return h('form', { class: 'row', 'aria-label': label, onsubmit: submit }, ...children)
  }

  /** Newer / "11–60 of 900" / Older, for a newest-first listing paged by the sandbox. */
  function pager(state: { offset: number }, count: number, total: number, tab: string, empty: string): HTMLElement {
    const go = (delta: number) => () => {
      state.offset = Math.max(0, state.offset + delta)
      void show(tab)
    }
    return h(
      'div',
      { class: 'pager' },
      h('button', { type: 'button', disabled: state.offset === 0, onclick: go(-PAGE) }, 'Newer'),
      h('span', {}, total ? `${state.offset + 1}–${state.offset + count} of ${total}` : empty),
      h('button', { type: 'button', disabled: state.offset + PAGE >= total, onclick: go(PAGE) }, 'Older'),
    )
  }

  // ---- Journal
  const journal = { offset: 0, vendor: '', method: '', status: '', path: '', live: true, open: new Set<string>(), seen: '' }
  async function journalView(): Promise<Child[]> {
    const form = filterForm(
      'Journal filters',
      journal,
      ['vendor', 'method', 'status', 'path'],
      'journal',
      labelled('Vendor ', vendorSelect('journal-vendor', journal.vendor)),
      labelled(
        'Method ',
        h(
          'select',
          { name: 'method' },
          ['', 'GET', 'POST', 'PUT', 'PATCH', 'DELETE'].map((m) => h('option', { value: m, selected: m === journal.method }, m || 'Any')),
        ),
      ),
      labelled('Status ', h('input', { name: 'status', value: journal.status, size: 5, placeholder: '4xx or 404' })),
      labelled('Path contains ', h('input', { name: 'path', value: journal.path })),
      h('button', { type: 'submit', class: 'primary' }, 'Filter'),
      h(
        'label',
        {},
        h('input', {
          type: 'checkbox',
          checked: journal.live,
          onchange: (ev: Event) => (journal.live = (ev.target as HTMLInputElement).checked),
        }),
        ' Live',
      ),
      h('button', { type: 'button', class: 'danger', onclick: act(() => api('/requests', 'DELETE'), 'Journal cleared') }, 'Clear'),
    )
    const list = h('div', { id: 'journal-list' })
    await fillJournal(list)
    return [form, list]
  }
  async function fillJournal(list: HTMLElement): Promise<void> {
    const q = query({
      vendor: journal.vendor,
      method: journal.method,
      status: journal.status,
      path: journal.path,
      limit: PAGE,
      offset: journal.offset,
    })
    const page = await api<ListReply<Journal>>(`/requests${q}`)
    const total = page.total ?? page.count
    journal.seen = `${page.items[0]?.id ?? ''}/${total}`
    list.replaceChildren(
      pager(journal, page.count, total, 'journal', 'No requests yet.'),
      ...page.items.map((e) => {
        const d = h(
          'details',
          { 'data-id': e.id, open: journal.open.has(e.id) },
          h(
            'summary',
            {},
            h('span', { class: 'mono muted' }, time(e.at)),
            h('span', { class: 'badge' }, e.vendor),
            h('strong', { class: 'mono' }, e.method),
            h('span', { class: `mono ${statusClass(e.status)}` }, e.status === 0 ? 'dropped' : e.status),
            h('span', { class: 'mono' }, e.path),
            h('span', { class: 'muted' }, `${e.duration_ms} ms`),
          ),
          journal.open.has(e.id) ? pre(e) : null,
        )
        d.addEventListener('toggle', () => {
          if ((d as HTMLDetailsElement).open) {
            journal.open.add(e.id)
            if (!d.querySelector('pre')) d.append(pre(e))
          } else journal.open.delete(e.id)
        })
        return d
      }),
    )
  }
  async function liveJournal(): Promise<void> {
    const list = document.getElementById('journal-list')
    if (!list || !journal.live || journal.offset !== 0) return
    const head = await api<ListReply<Journal>>(
      `/requests${query({ vendor: journal.vendor, method: journal.method, status: journal.status, path: journal.path, limit: 1 })}`,
    )
    if (`${head.items[0]?.id ?? ''}/${head.total ?? head.count}` !== journal.seen) await fillJournal(list)
  }

  // ---- Outbox
  const outbox = { vendor: '', type: '', offset: 0, open: new Set<string>(), seen: '' }
  async function outboxView(): Promise<Child[]> {
    const form = filterForm(
      'Outbox filters',
      outbox,
      ['vendor', 'type'],
      'outbox',
      labelled('Vendor ', vendorSelect('outbox-vendor', outbox.vendor)),
      labelled(
        'Type ',
        h(
          'select',
          { name: 'type' },
          ['', 'email', 'webhook', 'callback'].map((t) => h('option', { value: t, selected: t === outbox.type }, t || 'All')),
        ),
      ),
      h('button', { type: 'submit', class: 'primary' }, 'Filter'),
      h('button', { type: 'button', onclick: act(() => api('/outbox/flush', 'POST'), 'Deliveries settled') }, 'Flush deliveries'),
    )
    const list = h('div', { id: 'outbox-list' })
    await fillOutbox(list)
    return [form, list]
  }
  /** One page of the outbox, asked of the sandbox (`?limit=&offset=`), as the journal is. */
  async function fillOutbox(list: HTMLElement): Promise<void> {
    const page = await api<ListReply<Outbox>>(
      `/outbox${query({ vendor: outbox.vendor, type: outbox.type, limit: PAGE, offset: outbox.offset })}`,
    )
    const total = page.total ?? page.count
    outbox.seen = `${total}/${page.items.map((e) => `${e.id}:${e.state ?? ''}:${e.attempts?.length ?? 0}`).join(',')}`
    list.replaceChildren(pager(outbox, page.count, total, 'outbox', 'Nothing sent yet.'), ...page.items.map(outboxEntry))
  }
  function outboxEntry(e: Outbox): HTMLElement {
    const email = e.type === 'email'
    const last = e.attempts?.[e.attempts.length - 1]
    const d = h(
      'details',
      { 'data-id': e.id, class: `outbox-${e.type}`, open: outbox.open.has(e.id) },
      h(
        'summary',
        {},
        h('span', { class: 'mono muted' }, time(e.at)),
        h('span', { class: 'badge' }, e.vendor),
        h('strong', {}, e.type),
        email
          ? [h('span', {}, Array.isArray(e.to) ? e.to.join(', ') : (e.to ?? '')), h('span', {}, e.subject ?? '')]
          : [
              h('span', { class: 'mono' }, `${e.method ?? 'POST'} ${e.url ?? ''}`),
              h('span', { class: 'badge' }, e.state ?? ''),
              last ? h('span', { class: `mono ${statusClass(last.status)}` }, last.status ?? last.error ?? '') : null,
            ],
      ),
      email ? emailBody(e) : deliveryBody(e),
    )
    d.addEventListener('toggle', () => ((d as HTMLDetailsElement).open ? outbox.open.add(e.id) : outbox.open.delete(e.id)))
    return d
  }
  function emailBody(e: Outbox): Node[] {
    const links = (e.links ?? []).map((url) => {
      const local = localLink(url)
      return h('li', {}, link(url), local && local !== url ? [' — served here: ', link(local)] : null)
    })
    return [links.length ? h('ul', { class: 'links' }, links) : h('p', { class: 'muted' }, 'No links.'), pre(e.text ?? '')]
  }
  function deliveryBody(e: Outbox): Node[] {
    return [
      h(
        'table',
        {},
        h(
          'tr',
          {},
          ['Attempt', 'At', 'Status', 'Error', 'ms'].map((t) => h('th', {}, t)),
        ),
        (e.attempts ?? []).map((a, i) =>
          h(
            'tr',
            {},
            h('td', {}, i + 1),
            h('td', { class: 'mono' }, a.at),
            h('td', { class: statusClass(a.status) }, a.status ?? ''),
            h('td', {}, a.error ?? ''),
            h('td', {}, a.duration_ms),
          ),
        ),
      ),
      h(
        'button',
        {
          type: 'button',
          disabled: e.state === 'pending',
          onclick: act(() => api(`/outbox/${encodeURIComponent(e.id)}/redeliver`, 'POST'), 'Redelivery queued'),
        },
        'Redeliver',
      ),
      pre(e.headers ?? {}),
      pre(e.body ?? ''),
    ]
  }
  async function liveOutbox(): Promise<void> {
    const list = document.getElementById('outbox-list')
    if (!list) return
    const before = outbox.seen
    const scratch = h('div')
    await fillOutbox(scratch)
    if (outbox.seen !== before) list.replaceChildren(...scratch.childNodes)
  }

  // ---- Faults
  async function faultsView(): Promise<Child[]> {
    const [rules, errors] = await Promise.all([
      api<ListReply<Record<string, unknown>>>('/faults'),
      api<ListReply<CatalogueError>>('/errors'),
    ])
    const errorSelect = h('select', { name: 'error', id: 'fault-error' })
    const fillErrors = (vendor: string) =>
      errorSelect.replaceChildren(
        h('option', { value: '' }, '(none: use status)'),
        ...errors.items.filter((e) => e.vendor === vendor).map((e) => h('option', { value: e.id }, `${e.id} — ${e.http_status}`)),
      )
    const vendor = vendorSelect('fault-vendor', vendors[0]?.id ?? '', (ev) => fillErrors((ev.target as HTMLSelectElement).value), '')
    fillErrors(vendors[0]?.id ?? '')
    const form = h(
      'form',
      {
        'aria-label': 'Add a fault rule',
        onsubmit: act(async () => {
          const f = new FormData(document.getElementById('fault-form') as HTMLFormElement)
          const rule: Record<string, unknown> = { vendor: f.get('vendor') }
          for (const k of ['method', 'path', 'error']) if (f.get(k)) rule[k] = f.get(k)
          for (const k of ['status', 'delay_ms', 'times', 'probability']) if (f.get(k)) rule[k] = Number(f.get(k))
          if (f.get('drop')) rule.drop = true
          await api('/faults', 'POST', rule)
        }, 'Fault rule added'),
        id: 'fault-form',
      },
      h(
        'fieldset',
        {},
        h('legend', {}, 'Add a fault rule'),
        h(
          'div',
          { class: 'grid' },
          labelled('Vendor', vendor),
          labelled(
            'Method',
            h(
              'select',
              { name: 'method' },
              ['', 'GET', 'POST', 'PUT', 'PATCH', 'DELETE'].map((m) => h('option', { value: m }, m || 'Any')),
            ),
          ),
          labelled('Path pattern (after the mount)', h('input', { name: 'path', placeholder: '/api/v1/requests/:id' })),
          labelled('Error (catalogue id)', errorSelect),
          labelled('Or status', h('input', { name: 'status', type: 'number', min: 100, max: 599 })),
          labelled('Delay ms', h('input', { name: 'delay_ms', type: 'number', min: 0, max: 30000 })),
          labelled('Times', h('input', { name: 'times', type: 'number', min: 1 })),
          labelled('Probability', h('input', { name: 'probability', type: 'number', min: 0, max: 1, step: 'any' })),
          h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'drop', value: '1' }), ' Drop the connection'),
        ),
        h('p', {}, h('button', { type: 'submit', class: 'primary' }, 'Add rule')),
      ),
    )
    const table = h(
      'table',
      { id: 'fault-rules' },
      h(
        'tr',
        {},
        ['Id', 'Vendor', 'Method', 'Path', 'Effect', 'Times', 'Fired', ''].map((t) => h('th', {}, t)),
      ),
      rules.items.map((r) =>
        h(
          'tr',
          {},
          h('td', { class: 'mono' }, String(r.id)),
          h('td', {}, String(r.vendor)),
          h('td', {}, String(r.method ?? 'any')),
          h('td', { class: 'mono' }, String(r.path ?? 'any')),
          h(
            'td',
            { class: 'mono' },
            [r.error, r.status && `status ${String(r.status)}`, r.delay_ms && `delay ${String(r.delay_ms)} ms`, r.drop && 'drop']
              .filter(Boolean)
              .join(', '),
          ),
          h('td', {}, r.times === undefined ? '∞' : String(r.times)),
          h('td', {}, String(r.fired)),
          h(
            'td',
            {},
            h(
              'button',
              {
                type: 'button',
                class: 'danger',
                onclick: act(() => api(`/faults/${encodeURIComponent(String(r.id))}`, 'DELETE'), 'Removed'),
              },
              'Remove',
            ),
          ),
        ),
      ),
    )
    return [
      form,
      h('h2', {}, `Rules (${rules.count})`),
      rules.count ? table : h('p', { class: 'muted' }, 'No fault rules.'),
      rules.count
        ? h('button', { type: 'button', class: 'danger', onclick: act(() => api('/faults', 'DELETE'), 'All removed') }, 'Remove all')
        : null,
    ]
  }

  // ---- Errors
  const errorFilter = { vendor: '', text: '' }
  async function errorsView(): Promise<Child[]> {
    const list = await api<ListReply<CatalogueError>>(`/errors${query({ vendor: errorFilter.vendor })}`)
    const needle = errorFilter.text.toLowerCase()
    const rows = list.items.filter((e) => !needle || JSON.stringify(e).toLowerCase().includes(needle))
    const form = h(
      'form',
      {
        class: 'row',
        onsubmit: (ev: Event) => {
          ev.preventDefault()
          const f = new FormData(ev.target as HTMLFormElement)
          errorFilter.vendor = String(f.get('vendor') ?? '')
          errorFilter.text = String(f.get('text') ?? '')
          void show('errors')
        },
      },
      labelled('Vendor ', vendorSelect('errors-vendor', errorFilter.vendor)),
      labelled('Contains ', h('input', { name: 'text', value: errorFilter.text })),
      h('button', { type: 'submit', class: 'primary' }, 'Filter'),
    )
    return [
      form,
      h(
        'p',
        { class: 'muted' },
        'Send the header on any vendor request to get that error exactly as the vendor answers it, with no state change.',
      ),
      h(
        'table',
        {},
        h(
          'tr',
          {},
          ['Id', 'HTTP', 'Code', 'Message', 'Trigger', ''].map((t) => h('th', {}, t)),
        ),
        rows.map((e) =>
          h(
            'tr',
            {},
            h('td', { class: 'mono' }, e.id),
            h('td', {}, e.http_status),
            h('td', { class: 'mono' }, e.code === null || e.code === undefined ? '' : String(e.code)),
            h('td', {}, e.message),
            h('td', { class: 'muted' }, e.trigger),
            h('td', {}, copyButton(`X-Sandbox-Error: ${e.id}`, 'Copy header')),
          ),
        ),
      ),
    ]
  }

  // ---- Simulate
  const simulateFilter = { vendor: '' }
  function schemaType(s: Schema): string {
    if (s.enum) return 'enum'
    const nonNull = (s.anyOf ?? []).filter((x) => x.type !== 'null')
    if (nonNull.length === 1) return schemaType(nonNull[0])
    const t = Array.isArray(s.type) ? s.type.filter((x) => x !== 'null')[0] : s.type
    return t ?? 'json'
  }
  function field(name: string, s: Schema, required: boolean, id: string): HTMLElement {
    const type = schemaType(s)
    const title = `${name}${required ? ' *' : ''}`
    const enumOf = s.enum ?? (s.anyOf ?? []).find((x) => x.enum)?.enum
    let control: HTMLElement
    if (enumOf)
      control = h(
        'select',
        { name, id, 'data-type': 'enum' },
        required ? null : h('option', { value: '' }, ''),
        enumOf.map((v) => h('option', { value: JSON.stringify(v) }, String(v))),
      )
    else if (type === 'boolean')
      control = h(
        'select',
        { name, id, 'data-type': 'boolean' },
        ['', 'true', 'false'].map((v) => h('option', { value: v }, v)),
      )
    else if (type === 'object' || type === 'array' || type === 'json')
      control = h('textarea', { name, id, 'data-type': 'json', rows: 3, placeholder: type === 'array' ? '[ ]' : '{ }' })
    else
      control = h('input', {
        name,
        id,
        'data-type': type,
        type: type === 'number' || type === 'integer' ? 'number' : 'text',
        step: type === 'number' ? 'any' : undefined,
        required,
      })
    return h('label', { for: id, title: s.description ?? '' }, title, control)
  }
  function formValue(form: HTMLFormElement): Record<string, unknown> {
    const body: Record<string, unknown> = {}
    for (const el of Array.from(form.querySelectorAll<HTMLInputElement>('[data-type]'))) {
      const v = el.value.trim()
      if (!v) continue
      const t = el.dataset.type
      body[el.name] =
        t === 'number' || t === 'integer' ? Number(v) : t === 'boolean' ? v === 'true' : t === 'json' || t === 'enum' ? JSON.parse(v) : v
    }
    return body
  }
  async function simulateView(): Promise<Child[]> {
    let catalogue: ListReply<SimulateItem>
    try {
      catalogue = await api<ListReply<SimulateItem>>('/simulate')
    } catch (err) {
      return [h('p', { class: 'error' }, `The simulate catalogue is not available: ${(err as Error).message}`)]
    }
    const filter = h(
      'form',
      { class: 'row' },
      labelled(
        'Vendor ',
        // Filtering in place, not by rendering the view again: a form the user is already
        // filling (or whose reply is on its way) must stay the form on the page.
        vendorSelect('simulate-vendor', simulateFilter.vendor, (ev) => {
          simulateFilter.vendor = (ev.target as HTMLSelectElement).value
          for (const f of forms) f.hidden = !!simulateFilter.vendor && f.dataset.vendor !== simulateFilter.vendor
        }),
      ),
    )
    const forms = catalogue.items.map((s) => {
      const result = h('div', { 'aria-live': 'polite' })
      const required = new Set(s.schema.required ?? [])
      const form = h(
        'form',
        {
          'data-action': `${s.vendor}/${s.action}`,
          'data-vendor': s.vendor,
          hidden: !!simulateFilter.vendor && s.vendor !== simulateFilter.vendor,
        },
        h(
          'fieldset',
          {},
          h('legend', {}, `${s.vendor} · ${s.action}`),
          s.description ? h('p', { class: 'muted' }, s.description) : null,
          h(
            'div',
            { class: 'grid' },
            Object.entries(s.schema.properties ?? {}).map(([name, p]) =>
              field(name, p, required.has(name), `sim-${s.vendor}-${s.action}-${name}`),
            ),
          ),
          h('p', {}, h('button', { type: 'submit', class: 'primary' }, `Run ${s.action}`)),
          result,
        ),
      ) as HTMLFormElement
      form.addEventListener('submit', (ev) => {
        ev.preventDefault()
        let body: Record<string, unknown>
        try {
          body = formValue(form)
        } catch {
          toast('A JSON field does not parse', true)
          return
        }
        api(`/simulate/${s.vendor}/${s.action}`, 'POST', body).then(
          (out) => result.replaceChildren(pre(out)),
          (err: Error) => result.replaceChildren(h('p', { class: 'error' }, err.message)),
        )
      })
      return form
    })
    return [filter, ...forms]
  }

  // ---- Workspace: clock, reset, snapshots, state
  interface Clock {
    now: string
    mode: string
    offset_ms: number
  }
  async function showClock(): Promise<void> {
    const clock = await api<Clock>('/clock')
    ;(document.getElementById('clock') as HTMLElement).replaceChildren(
      h('span', {}, 'Clock '),
      h('code', {}, clock.now),
      ' ',
      h('span', { class: 'badge' }, clock.mode),
    )
  }
  async function workspaceView(): Promise<Child[]> {
    const snaps = await api<ListReply<{ name: string; created_at: string; vendors: string[] }>>('/snapshots')
    const clockForm = h(
      'fieldset',
      {},
      h('legend', {}, 'Clock'),
      h(
        'div',
        { class: 'row' },
        h(
          'button',
          { type: 'button', onclick: act(() => api('/clock', 'POST', { frozen_at: new Date().toISOString() }), 'Frozen') },
          'Freeze now',
        ),
        labelled('Freeze at ', h('input', { id: 'freeze-at', placeholder: '2026-01-01T00:00:00Z' })),
        h(
          'button',
          {
            type: 'button',
            onclick: act(
              () => api('/clock', 'POST', { frozen_at: (document.getElementById('freeze-at') as HTMLInputElement).value }),
              'Frozen',
            ),
          },
          'Freeze',
        ),
        [
          ['+1 hour', 3_600_000],
          ['+1 day', 86_400_000],
          ['+7 days', 604_800_000],
        ].map(([label, ms]) =>
          h('button', { type: 'button', onclick: act(() => api('/clock', 'POST', { advance_ms: ms }), `Advanced ${label}`) }, label),
        ),
        h('button', { type: 'button', onclick: act(() => api('/clock', 'POST', { real: true }), 'Real time') }, 'Real time'),
      ),
    )
    const snapForm = h(
      'fieldset',
      {},
      h('legend', {}, 'Snapshots'),
      h(
        'form',
        {
          class: 'row',
          onsubmit: act(
            () => api('/snapshots', 'POST', { name: (document.getElementById('snap-name') as HTMLInputElement).value }),
            'Snapshot taken',
          ),
        },
        labelled('Name ', h('input', { id: 'snap-name', required: true, pattern: '[A-Za-z0-9_.\\-]{1,64}' })),
        h('button', { type: 'submit', class: 'primary' }, 'Take snapshot'),
      ),
      h(
        'table',
        {},
        snaps.items.map((s) =>
          h(
            'tr',
            {},
            h('td', { class: 'mono' }, s.name),
            h('td', { class: 'mono' }, s.created_at),
            h(
              'td',
              {},
              h(
                'button',
                { type: 'button', onclick: act(() => api(`/snapshots/${encodeURIComponent(s.name)}/restore`, 'POST'), 'Restored') },
                'Restore',
              ),
              ' ',
              h(
                'button',
                {
                  type: 'button',
                  class: 'danger',
                  onclick: act(() => api(`/snapshots/${encodeURIComponent(s.name)}`, 'DELETE'), 'Deleted'),
                },
                'Delete',
              ),
            ),
          ),
        ),
      ),
    )
    const stateBox = h('textarea', { id: 'state-json', rows: 6, placeholder: 'A state document from Export' })
    const stateForm = h(
      'fieldset',
      {},
      h('legend', {}, 'Export and import'),
      h(
        'div',
        { class: 'row' },
        h(
          'button',
          {
            type: 'button',
            onclick: act(async () => {
              ;(stateBox as HTMLTextAreaElement).value = JSON.stringify(await api('/state'), null, 2)
            }),
          },
          'Export',
        ),
        h(
          'button',
          { type: 'button', onclick: act(() => api('/state', 'PUT', JSON.parse((stateBox as HTMLTextAreaElement).value)), 'Imported') },
          'Import',
        ),
      ),
      stateBox,
    )
    const danger = h(
      'fieldset',
      {},
      h('legend', {}, 'Reset'),
      h(
        'button',
        {
          type: 'button',
          class: 'danger',
          onclick: (ev: Event) => {
            if (confirm(`Reset workspace ${workspace} to its fixtures? Journal, outbox and fault rules are cleared.`))
              act(() => api('/reset', 'POST'), 'Workspace reset')(ev)
          },
        },
        'Reset workspace',
      ),
    )
    return [h('h2', {}, `Workspace ${workspace}`), clockForm, snapForm, stateForm, danger]
  }

  const views: Record<string, () => Promise<Child[]>> = {
    vendors: vendorsView,
    records: recordsView,
    journal: journalView,
    outbox: outboxView,
    faults: faultsView,
    errors: errorsView,
    simulate: simulateView,
    workspace: workspaceView,
  }

  async function show(name: string): Promise<void> {
    const next = views[name] ? name : 'vendors'
    const changed = next !== tab
    tab = next
    for (const a of Array.from(document.querySelectorAll('nav.tabs a')))
      if ((a as HTMLElement).dataset.tab === tab) a.setAttribute('aria-current', 'page')
      else a.removeAttribute('aria-current')
    refresh = () => show(tab)
    try {
      const nodes = await views[tab]()
      if (tab === next) {
        main.replaceChildren()
        append(main, nodes)
      }
      void showClock()
    } catch (err) {
      main.replaceChildren(h('p', { class: 'error' }, (err as Error).message))
    }
    if (changed) main.focus()
  }

  async function pickWorkspace(): Promise<void> {
    const form = document.getElementById('ws-form') as HTMLFormElement
    const root = base.replace(/\/ws\/[^/]+\/__sandbox$/, '').replace(/\/__sandbox$/, '')
    form.addEventListener('submit', (ev) => {
      ev.preventDefault()
      const id = (document.getElementById('ws-input') as HTMLInputElement).value.trim()
      location.href = `${root}${id === 'default' ? '' : `/ws/${encodeURIComponent(id)}`}/__sandbox/${location.hash}`
    })
    try {
      const list = await api<ListReply<{ id: string; last_used_at?: string }>>('/workspaces')
      ;(document.getElementById('ws-list') as HTMLElement).replaceChildren(
        ...list.items.map((w) => h('option', { value: w.id }, w.last_used_at ? `last used ${w.last_used_at}` : '')),
      )
    } catch {
      // An older sandbox without the listing: typing an id still works.
    }
  }

  async function start(): Promise<void> {
    vendors = (await api<ListReply<Vendor>>('/vendors')).items
    void pickWorkspace()
    window.addEventListener('hashchange', () => void show(location.hash.slice(1)))
    await show(location.hash.slice(1))
    setInterval(() => {
      if (document.hidden) return
      const live = tab === 'journal' ? liveJournal() : tab === 'outbox' ? liveOutbox() : undefined
      live?.catch(() => undefined)
    }, 2000)
  }
  start().catch((err: Error) => toast(err.message, true))
}
