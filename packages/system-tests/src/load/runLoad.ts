import type {
  Emulator,
  RequestLogEntry,
} from '@multi-region-failover/aws-emulator';
import { ApiClient } from '../harness/api';
import type { Replica } from '../harness/replica';

/** Entities the simulated users look at. */
const ENTITIES = [
  'component:default/orders',
  'component:default/payments',
  'component:default/external-api',
];

/** Figures of one load run. */
export interface LoadReport {
  users: number;
  seconds: number;
  requests: number;
  errors: Array<{ status: number; path: string; text: string }>;
  latencyMs: Record<
    'status' | 'services',
    { p50: number; p95: number; p99: number; max: number; count: number }
  >;
  requestsPerSecond: number;
  /** Each replica's share: requests answered (errors included), per second, and latency of all its requests. */
  perReplica: Record<
    string,
    {
      requests: number;
      errors: number;
      requestsPerSecond: number;
      latencyMs: { p50: number; p95: number };
    }
  >;
  arcCallsPerSecond: number;
  route53CallsPerSecond: number;
  /** Most Route 53 requests (all replicas) in any 1 s window during the run. */
  route53MaxInAnySecond: number;
  rssMiB: Record<string, { before?: number; after?: number; max?: number }>;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[
    Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))
  ];
}

/** The most entries whose `at` falls in any window of `windowMs`. */
export function maxInWindow(
  entries: Array<{ at: number }>,
  windowMs = 1000,
): number {
  const at = entries.map(e => e.at).sort((a, b) => a - b);
  let best = 0;
  let lo = 0;
  for (let hi = 0; hi < at.length; hi++) {
    while (at[hi] - at[lo] >= windowMs) lo++;
    best = Math.max(best, hi - lo + 1);
  }
  return best;
}

/**
 * Simulated portal users: each polls the entity card's status (a random
 * example entity) and, every fourth request, the organisation-wide page,
 * against alternating replicas, back to back, for `seconds`.
 */
export async function runLoad(opts: {
  replicas: Replica[];
  token: string;
  emulator: Emulator;
  users: number;
  seconds: number;
}): Promise<LoadReport> {
  const { replicas, token, emulator, users, seconds } = opts;
  const clients = replicas.map(r => new ApiClient(r.url, token));
  const latencies = { status: [] as number[], services: [] as number[] };
  const byReplica = replicas.map(() => ({
    latencies: [] as number[],
    errors: 0,
  }));
  const errors: LoadReport['errors'] = [];
  const rss: LoadReport['rssMiB'] = {};
  for (const r of replicas)
    rss[r.name] = { before: r.rssMiB(), max: r.rssMiB() };
  const sampler = setInterval(() => {
    for (const r of replicas) {
      const v = r.rssMiB();
      if (v !== undefined) rss[r.name].max = Math.max(rss[r.name].max ?? 0, v);
    }
  }, 500);
  const startedAt = Date.now();
  const until = startedAt + seconds * 1000;
  let requests = 0;
  const user = async (u: number) => {
    for (let i = 0; Date.now() < until; i++) {
      const r = (u + i) % clients.length;
      const client = clients[r];
      const kind = i % 4 === 3 ? 'services' : 'status';
      const path =
        kind === 'services'
          ? '/api/multi-region/services'
          : `/api/multi-region/status?entityRef=${encodeURIComponent(
              ENTITIES[(u + i) % ENTITIES.length],
            )}`;
      try {
        const answer = await client.raw('GET', path);
        requests++;
        latencies[kind].push(answer.ms);
        byReplica[r].latencies.push(answer.ms);
        if (answer.status !== 200) {
          byReplica[r].errors++;
          errors.push({
            status: answer.status,
            path,
            text: answer.text.slice(0, 300),
          });
        }
      } catch (error) {
        requests++;
        byReplica[r].errors++;
        byReplica[r].latencies.push(NaN);
        errors.push({ status: 0, path, text: String(error) });
      }
    }
  };
  await Promise.all(Array.from({ length: users }, (_, u) => user(u)));
  clearInterval(sampler);
  const elapsed = (Date.now() - startedAt) / 1000;
  for (const r of replicas) rss[r.name].after = r.rssMiB();
  const during = (e: RequestLogEntry) =>
    e.at >= startedAt && e.at <= startedAt + elapsed * 1000;
  const log = emulator.requestLog().filter(during);
  const summary = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    return {
      p50: percentile(s, 50),
      p95: percentile(s, 95),
      p99: percentile(s, 99),
      max: s[s.length - 1] ?? 0,
      count: s.length,
    };
  };
  const route53 = log.filter(e => e.service === 'route53');
  return {
    users,
    seconds: elapsed,
    requests,
    errors,
    latencyMs: {
      status: summary(latencies.status),
      services: summary(latencies.services),
    },
    requestsPerSecond: requests / elapsed,
    perReplica: Object.fromEntries(
      replicas.map((replica, r) => {
        const answered = byReplica[r].latencies.filter(ms => !isNaN(ms));
        const s = summary(answered);
        return [
          replica.name,
          {
            requests: byReplica[r].latencies.length,
            errors: byReplica[r].errors,
            requestsPerSecond: byReplica[r].latencies.length / elapsed,
            latencyMs: { p50: s.p50, p95: s.p95 },
          },
        ];
      }),
    ),
    arcCallsPerSecond:
      log.filter(e => e.service === 'arc-cluster').length / elapsed,
    route53CallsPerSecond: route53.length / elapsed,
    route53MaxInAnySecond: maxInWindow(route53),
    rssMiB: rss,
  };
}

/** The report as a plain-text table. */
export function formatReport(r: LoadReport): string {
  const f = (n: number | undefined) => (n === undefined ? '-' : n.toFixed(1));
  const rows = [
    ['users', String(r.users)],
    ['duration (s)', f(r.seconds)],
    ['requests', String(r.requests)],
    ['requests/s', f(r.requestsPerSecond)],
    ...Object.entries(r.perReplica).map(([name, p]) => [
      `replica ${name}: requests/s, p50/p95 ms (n, errors)`,
      `${f(p.requestsPerSecond)}, ${f(p.latencyMs.p50)} / ${f(
        p.latencyMs.p95,
      )} (${p.requests}, ${p.errors})`,
    ]),
    ['errors', String(r.errors.length)],
    ...(['status', 'services'] as const).map(k => [
      `${k} latency ms p50/p95/p99/max (n)`,
      `${f(r.latencyMs[k].p50)} / ${f(r.latencyMs[k].p95)} / ${f(
        r.latencyMs[k].p99,
      )} / ${f(r.latencyMs[k].max)} (${r.latencyMs[k].count})`,
    ]),
    ['ARC data-plane calls/s', f(r.arcCallsPerSecond)],
    ['Route 53 calls/s (avg)', f(r.route53CallsPerSecond)],
    ['Route 53 max in any 1 s', String(r.route53MaxInAnySecond)],
    ...Object.entries(r.rssMiB).map(([name, m]) => [
      `RSS replica ${name} MiB before/max/after`,
      `${f(m.before)} / ${f(m.max)} / ${f(m.after)}`,
    ]),
  ];
  const w = Math.max(...rows.map(x => x[0].length));
  return rows.map(([k, v]) => `${k.padEnd(w)}  ${v}`).join('\n');
}
