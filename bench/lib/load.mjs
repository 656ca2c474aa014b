import autocannon from 'autocannon'

/**
 * One load run with autocannon against a loopback URL: 50 connections, for
 * `seconds` or until `amount` requests. Only loopback targets are accepted.
 */
export function cannon({ url, method = 'GET', headers = {}, body, connections = 50, seconds, amount }) {
  const host = new URL(url).hostname
  if (host !== '127.0.0.1' && host !== 'localhost' && host !== '::1') throw new Error(`load only against loopback, not ${host}`)
  return new Promise((resolve, reject) => {
    autocannon(
      { url, method, headers, body, connections, pipelining: 1, ...(amount ? { amount } : { duration: seconds }), timeout: 10 },
      (err, res) => (err ? reject(err) : resolve(summary(res))),
    )
  })
}

function summary(res) {
  return {
    // Over the whole run: autocannon's per-second average is 0 or one sample for runs under a few seconds.
    rps: Math.round(res.requests.total / Math.max(res.duration, 0.001)),
    requests: res.requests.total,
    p50_ms: res.latency.p50,
    p99_ms: res.latency.p99,
    errors: res.errors + res.timeouts,
    non2xx: res.non2xx,
  }
}
