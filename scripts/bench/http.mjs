// HTTP side of the bench: signing in, and load with autocannon, latencies kept per response.
import autocannon from 'autocannon';

export async function apiToken(url, email, password) {
  const response = await fetch(`${url}/api/v1/auth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
  if (!response.ok) throw new Error(`signing in ${email} answered ${response.status}: ${await response.text()}`);
  return (await response.json()).accessToken;
}

const cookieOf = (response) => response.headers.getSetCookie().find((cookie) => cookie.startsWith('escale.sid='))?.split(';')[0];

/** A page session, signed in through the login form as a browser would. */
export async function pageSession(url, email, password) {
  const page = await fetch(`${url}/login`, { headers: { 'accept-language': 'fr' } });
  const before = cookieOf(page);
  const csrf = (await page.text()).match(/name="_csrf" value="([^"]+)"/)?.[1];
  if (!before || !csrf) throw new Error('the login page gave no session or form token');
  const response = await fetch(`${url}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: before, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: csrf, email, password }).toString(),
  });
  const after = cookieOf(response);
  if (response.status !== 303 || !after || response.headers.get('location') !== '/') throw new Error(`signing in ${email} on the login page answered ${response.status} to ${response.headers.get('location')}`);
  return after;
}

export function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export function summarise(latencies, seconds, errors = 0) {
  const sorted = Float64Array.from(latencies).sort();
  const round = (value) => (value === null ? null : Math.round(value * 10) / 10);
  return {
    requests: latencies.length,
    seconds: Math.round(seconds * 100) / 100,
    // Four significant figures, so a slow scenario's rate (0.17 req/s) keeps its ratios meaningful.
    rps: Number((latencies.length / seconds).toPrecision(4)),
    p50: round(percentile(sorted, 50)),
    p95: round(percentile(sorted, 95)),
    p99: round(percentile(sorted, 99)),
    errors,
  };
}

/**
 * Runs autocannon and keeps every response time (autocannon's own table has no p95). A
 * response with another status than `expect` counts as an error; its time is left out.
 */
export async function load({ url, connections, duration, amount, requests, headers = {}, method = 'GET', body, expect = 200, setupClient }) {
  // The response times of every request, in milliseconds.
  const latencies = [];
  const statuses = {};
  let errors = 0;
  const started = process.hrtime.bigint();
  const options = Object.fromEntries(Object.entries({ url, connections, duration, amount, requests, headers, method, body, setupClient, timeout: 30 }).filter(([, value]) => value !== undefined));
  const instance = autocannon(options);
  instance.on('response', (client, statusCode, resBytes, responseTime) => {
    statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
    if (statusCode !== expect) errors += 1;
    else latencies.push(responseTime);
  });
  instance.on('reqError', () => {
    errors += 1;
  });
  const result = await instance;
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { ...summarise(latencies, Math.min(seconds, result.duration || seconds), errors + result.errors), statuses, latencies };
}
