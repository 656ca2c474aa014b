/** Outbox shapes (sandbox.md §4): what the sandbox sent, e-mails and HTTP deliveries. */

export interface OutboxAttempt {
  at: string
  status?: number
  error?: string
  duration_ms: number
}

export interface OutboxEntryBase {
  id: string
  vendor: string
  type: 'email' | 'webhook' | 'callback'
  at: string
  workspace: string
  [context: string]: unknown
}

export interface EmailEntry extends OutboxEntryBase {
  type: 'email'
  to: string | string[]
  cc?: string | string[]
  subject: string
  text: string
  links: string[]
}

export interface DeliveryEntry extends OutboxEntryBase {
  type: 'webhook' | 'callback'
  url: string
  method: string
  headers: Record<string, string>
  body: string
  attempts: OutboxAttempt[]
  state: 'pending' | 'delivered' | 'failed'
}

export type OutboxEntry = EmailEntry | DeliveryEntry

export interface EmailInput {
  to: string | string[]
  cc?: string | string[]
  subject: string
  text: string
  links?: string[]
  /** Vendor context fields (kind, request id, …) copied onto the entry. */
  [context: string]: unknown
}

export interface DeliveryPolicy {
  /** Attempts in all (default 3). */
  attempts?: number
  /** Waits between attempts, in wall-clock ms (default: the sandbox's `deliveryBackoffMs`, [1000, 2000]). */
  backoffMs?: number[]
  /** Per-attempt timeout (default 5000). */
  timeoutMs?: number
  /** What counts as success (default any 2xx). */
  success?: (status: number) => boolean
}

export interface DeliveryInput extends DeliveryPolicy {
  type: 'webhook' | 'callback'
  url: string
  method?: string
  headers?: Record<string, string>
  body: string
  /** Vendor context fields copied onto the entry. */
  context?: Record<string, unknown>
  /**
   * Called when a round of attempts ends (also after a redelivery), before the
   * entry leaves `pending`, so the vendor's state change is visible when a
   * flush returns.
   */
  onSettled?: (entry: DeliveryEntry, delivered: boolean) => void
}

export interface VendorOutbox {
  email(input: EmailInput): EmailEntry
  /** Queues an HTTP delivery; it starts after the current reply is sent. */
  deliver(input: DeliveryInput): DeliveryEntry
  get(id: string): OutboxEntry | undefined
}
