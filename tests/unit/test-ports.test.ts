import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ephemeralRange, freePort, reservableRange } from '../helpers/ports';

const open: Server[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

function listenOnZero(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    open.push(server);
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : 0);
    });
  });
}

// CI failed once with "listen EADDRINUSE 127.0.0.1:32839": the e2e harness took a port with listen(0), released it,
// and the kiosk web server's own listen(0) (or a browser socket) got it again before the API bound it.
describe('ports for servers the tests start later', () => {
  it('are outside the range a port-0 listener or an outgoing connection is given', async () => {
    const [low, high] = ephemeralRange();
    for (let i = 0; i < 20; i += 1) {
      const port = await freePort();
      expect(port < low || port > high, `port ${port} is inside the ephemeral range ${low}-${high}`).toBe(true);
    }
    // And the kernel really gives port-0 listeners ports inside that range, so none of them can collide.
    const zeros = await Promise.all(Array.from({ length: 50 }, listenOnZero));
    for (const port of zeros) expect(port >= low && port <= high).toBe(true);
  });

  it('are free when handed out and never handed out twice by one process', async () => {
    const ports = await Promise.all(Array.from({ length: 30 }, () => freePort()));
    expect(new Set(ports).size).toBe(30);
    const server = createServer();
    open.push(server);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(ports[0], '127.0.0.1', resolve);
    });
  });

  it('come from below the ephemeral range when there is room, else above it, and never from a full machine', () => {
    expect(ephemeralRange('32768\t60999\n')).toEqual([32768, 60999]);
    expect(ephemeralRange('nonsense')).toEqual([49152, 65535]);
    expect(reservableRange([32768, 60999])).toEqual([10_000, 32767]);
    expect(reservableRange([1024, 50000])).toEqual([50001, 65535]);
    expect(() => reservableRange([1024, 65000])).toThrow(/no room outside the ephemeral port range 1024-65000/);
  });
});
