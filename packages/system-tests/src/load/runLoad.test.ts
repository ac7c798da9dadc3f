import type { Emulator } from '@multi-region-failover/aws-emulator';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Replica } from '../harness/replica';
import { formatReport, runLoad } from './runLoad';

/** A stand-in replica: answers every GET with `status`, counting what it got. */
async function fakeReplica(name: string, status = 200) {
  let got = 0;
  const server = http.createServer((_req, res) => {
    got++;
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end('{"items":[]}');
  });
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    replica: {
      name,
      url: `http://127.0.0.1:${port}`,
      rssMiB: () => undefined,
    } as unknown as Replica,
    got: () => got,
    close: () => new Promise(r => server.close(r)),
  };
}

describe('runLoad', () => {
  it("reports each replica's share of the requests, and its errors, beside the totals", async () => {
    const a = await fakeReplica('A');
    const b = await fakeReplica('B', 503);
    try {
      const report = await runLoad({
        replicas: [a.replica, b.replica],
        token: 't',
        emulator: { requestLog: () => [] } as unknown as Emulator,
        users: 2,
        seconds: 0.2,
      });
      const { A, B } = report.perReplica;
      // every request is counted once, against the replica that answered it
      expect(A.requests).toBe(a.got());
      expect(B.requests).toBe(b.got());
      expect(A.requests + B.requests).toBe(report.requests);
      expect(A.errors).toBe(0);
      expect(B.errors).toBe(B.requests);
      expect(report.errors).toHaveLength(B.requests);
      expect(A.requestsPerSecond).toBeCloseTo(A.requests / report.seconds);
      // (a stalled machine may have sent it none)
      expect(A.requests === 0 || A.latencyMs.p50 > 0).toBe(true);

      const table = formatReport(report);
      expect(table).toMatch(
        /replica A: requests\/s, p50\/p95 ms \(n, errors\)/,
      );
      expect(table).toContain(`(${B.requests}, ${B.requests})`);
    } finally {
      await a.close();
      await b.close();
    }
  });
});
