import net from 'node:net';

/**
 * What the proxy does to one HTTP request.
 * - pass: forward the request and its answer untouched.
 * - cut-before-request: close the client's connection as soon as the request head arrives; nothing reaches the server.
 * - cut-mid-body: forward the head and half of the body, then close both connections.
 * - cut-before-response: forward the whole request, then close the client's connection when the answer starts to
 *   come back, so the server did the work but the client never hears of it (a lost acknowledgement).
 * - stall: accept the request and never answer, never close.
 * - stall-after-headers: forward the request, pass the answer's status line and headers, then never send its body.
 */
export type ProxyMode = 'pass' | 'cut-before-request' | 'cut-mid-body' | 'cut-before-response' | 'stall' | 'stall-after-headers';

export interface ProxiedRequest {
  /** 1-based, over the proxy's life. */
  index: number;
  method: string;
  path: string;
  contentLength: number;
  mode: ProxyMode;
  at: number;
}

interface PlannedFault {
  mode: ProxyMode;
  match: (request: { method: string; path: string }) => boolean;
}

export interface TcpProxyOptions {
  targetPort: number;
  /** Called with each request's complete body once it has been forwarded (not called for cut or stalled requests). */
  inspect?: (request: ProxiedRequest, body: Buffer) => void;
  /** Called once a request has been forwarded whole to the server. */
  onForwarded?: (request: ProxiedRequest) => void;
}

const HOST = '127.0.0.1';
const HEAD_END = Buffer.from('\r\n\r\n');
const MAX_HEAD_BYTES = 64 * 1024;

/** A TCP proxy on 127.0.0.1 that understands just enough HTTP/1.1 to fault one request at a time on keep-alive connections. */
export class TcpProxy {
  readonly requests: ProxiedRequest[] = [];
  private readonly faults: PlannedFault[] = [];
  private readonly sockets = new Set<net.Socket>();
  private defaultMode: ProxyMode = 'pass';
  private targetPort: number;
  private counter = 0;
  private port = 0;

  private constructor(
    private readonly server: net.Server,
    private readonly options: TcpProxyOptions,
  ) {
    this.targetPort = options.targetPort;
  }

  static async start(options: TcpProxyOptions): Promise<TcpProxy> {
    const server = net.createServer();
    const proxy = new TcpProxy(server, options);
    server.on('connection', (client) => proxy.handle(client));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, HOST, () => resolve());
    });
    const address = server.address();
    if (typeof address !== 'object' || address === null) throw new Error('proxy has no address');
    proxy.port = address.port;
    return proxy;
  }

  get url(): string {
    return `http://${HOST}:${this.port}`;
  }

  /** Points the proxy at another server port (for a restarted server); open connections keep their old upstream. */
  setTarget(port: number): void {
    this.targetPort = port;
  }

  /** The mode for every request no planned fault applies to. */
  setDefault(mode: ProxyMode): void {
    this.defaultMode = mode;
  }

  /** The next `times` requests to `path` (any path when omitted) get `mode`; then the default applies again. */
  failNext(mode: ProxyMode, options: { path?: string; method?: string; times?: number } = {}): void {
    const times = options.times ?? 1;
    for (let i = 0; i < times; i++) {
      this.faults.push({
        mode,
        match: (r) => (options.path === undefined || r.path === options.path) && (options.method === undefined || r.method === options.method),
      });
    }
  }

  /** How many planned faults have not been used yet. */
  pendingFaults(): number {
    return this.faults.length;
  }

  requestsTo(path: string): ProxiedRequest[] {
    return this.requests.filter((r) => r.path === path);
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private decide(method: string, path: string): ProxyMode {
    const index = this.faults.findIndex((f) => f.match({ method, path }));
    if (index < 0) return this.defaultMode;
    return this.faults.splice(index, 1)[0]!.mode;
  }

  private track(socket: net.Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
  }

  private handle(client: net.Socket): void {
    this.track(client);
    let upstream: net.Socket | null = null;
    let pending: Buffer = Buffer.alloc(0);
    let current: { request: ProxiedRequest; remaining: number; forwarded: number; body: Buffer[] | null } | null = null;
    /** What to do with the server's bytes for the request in flight. */
    let responseMode: 'forward' | 'drop-and-cut' | 'head-only' = 'forward';
    let responseHead: Buffer = Buffer.alloc(0);
    let responseStalled = false;
    let requestStalled = false;

    const destroyBoth = () => {
      client.destroy();
      upstream?.destroy();
    };

    const ensureUpstream = (): net.Socket => {
      if (upstream) return upstream;
      const socket = net.connect({ host: HOST, port: this.targetPort });
      this.track(socket);
      socket.on('data', (chunk: Buffer) => {
        if (responseMode === 'drop-and-cut') {
          destroyBoth();
          return;
        }
        if (responseMode === 'head-only') {
          if (responseStalled) return;
          responseHead = Buffer.concat([responseHead, chunk]);
          const end = responseHead.indexOf(HEAD_END);
          if (end >= 0) {
            client.write(responseHead.subarray(0, end + HEAD_END.length));
            responseStalled = true;
          }
          return;
        }
        client.write(chunk);
      });
      socket.on('error', () => client.destroy());
      socket.on('close', () => client.destroy());
      upstream = socket;
      return socket;
    };

    const pump = (): void => {
      for (;;) {
        if (requestStalled) {
          pending = Buffer.alloc(0);
          return;
        }
        if (!current) {
          const end = pending.indexOf(HEAD_END);
          if (end < 0) {
            if (pending.length > MAX_HEAD_BYTES) destroyBoth();
            return;
          }
          const head = pending.subarray(0, end + HEAD_END.length);
          pending = pending.subarray(end + HEAD_END.length);
          const lines = head.toString('latin1').split('\r\n');
          const [method = '', target = ''] = (lines[0] ?? '').split(' ');
          let contentLength = 0;
          for (const line of lines.slice(1)) {
            const colon = line.indexOf(':');
            if (colon < 0) continue;
            const name = line.slice(0, colon).trim().toLowerCase();
            const value = line.slice(colon + 1).trim();
            if (name === 'content-length') contentLength = Number(value);
            if (name === 'transfer-encoding') throw new Error('the fault proxy does not handle chunked request bodies');
          }
          const path = target.split('?')[0] ?? target;
          const mode = this.decide(method, path);
          const request: ProxiedRequest = { index: ++this.counter, method, path, contentLength, mode, at: Date.now() };
          this.requests.push(request);
          if (mode === 'cut-before-request') {
            destroyBoth();
            return;
          }
          if (mode === 'stall') {
            requestStalled = true;
            continue;
          }
          responseMode = mode === 'cut-before-response' ? 'drop-and-cut' : mode === 'stall-after-headers' ? 'head-only' : 'forward';
          responseHead = Buffer.alloc(0);
          responseStalled = false;
          ensureUpstream().write(head);
          current = { request, remaining: contentLength, forwarded: 0, body: this.options.inspect ? [] : null };
        }
        const { request } = current;
        if (request.mode === 'cut-mid-body') {
          const half = Math.floor(request.contentLength / 2);
          const take = Math.min(pending.length, half - current.forwarded);
          if (take > 0) ensureUpstream().write(pending.subarray(0, take));
          current.forwarded += take;
          pending = pending.subarray(take);
          if (current.forwarded >= half) {
            // The server gets half a body and then the end of the stream; the client loses its connection.
            ensureUpstream().end();
            client.destroy();
          }
          return;
        }
        const take = Math.min(pending.length, current.remaining);
        if (take > 0) {
          const piece = pending.subarray(0, take);
          ensureUpstream().write(piece);
          current.body?.push(Buffer.from(piece));
          pending = pending.subarray(take);
          current.remaining -= take;
        }
        if (current.remaining > 0) return;
        const done = current;
        current = null;
        if (done.body) this.options.inspect?.(done.request, Buffer.concat(done.body));
        this.options.onForwarded?.(done.request);
      }
    };

    client.on('data', (chunk: Buffer) => {
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      try {
        pump();
      } catch {
        destroyBoth();
      }
    });
    client.on('error', () => upstream?.destroy());
    client.on('close', () => upstream?.destroy());
  }
}
