import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/**
 * The kernel's ephemeral range: where a listener on port 0 and every outgoing connection get their port. A port
 * taken from it and released (the old `listen(0)` then `close()`) can be handed to the next port-0 listener or to a
 * browser's socket before the API binds it: CI failed once with EADDRINUSE that way. Ports for a server that starts
 * later are therefore picked outside this range, where only an explicit bind can take them.
 */
export function ephemeralRange(text?: string): [number, number] {
  try {
    const [low = NaN, high = NaN] = (text ?? readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8')).trim().split(/\s+/).map(Number);
    if (Number.isInteger(low) && Number.isInteger(high) && low > 0 && high >= low) return [low, high];
  } catch {
    // Not Linux: fall through to the IANA dynamic range (macOS and Windows use it).
  }
  return [49152, 65535];
}

/** Ports this process has handed out already: two stacks in one test file never share one. */
const handedOut = new Set<number>();

function canBind(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** The ports outside the ephemeral range to choose from: below it if there is room, else above it. */
export function reservableRange(range: [number, number] = ephemeralRange()): [number, number] {
  const [low, high] = range;
  if (low - 10_000 >= 2_000) return [10_000, low - 1];
  if (65_535 - high >= 2_000) return [high + 1, 65_535];
  throw new Error(`no room outside the ephemeral port range ${low}-${high} to pick a test port from`);
}

/**
 * A port on 127.0.0.1 that is free now and that neither a port-0 listener nor an outgoing connection will take
 * before the caller binds it. Starts at a random place so that parallel test workers seldom try the same one.
 */
export async function freePort(): Promise<number> {
  const [low, high] = reservableRange();
  const span = high - low + 1;
  const start = Math.floor(Math.random() * span);
  for (let i = 0; i < span; i += 1) {
    const port = low + ((start + i) % span);
    if (handedOut.has(port)) continue;
    handedOut.add(port); // before the await, so that a concurrent call skips it
    if (await canBind(port)) return port;
    handedOut.delete(port);
  }
  throw new Error(`no free port between ${low} and ${high}`);
}
