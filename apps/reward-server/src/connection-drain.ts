import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

interface ConnectionState {
  /** Requests received on this connection whose responses have not yet closed. */
  requests: number;
  /** Whether a request has been received on it (a used connection is idle between requests). */
  used: boolean;
  readonly acceptedAt: number;
}

/**
 * Graceful shutdown of an HTTP server that tells a request in flight from an idle connection.
 *
 * 1. Connections the kernel has already queued are accepted before the listener closes (Node
 *    accepts one per event-loop turn, so this keeps turning — with scoring paused, see
 *    `acceptingSettled` — until a turn accepts nothing). Their requests are answered, not reset;
 *    connections attempted after the listener closed are refused by the kernel.
 * 2. A request counts as received once its headers are parsed; it is answered, however long its
 *    body takes, up to the drain timeout.
 * 3. A connection with no request in progress — a keep-alive connection between requests, or one
 *    that never sent anything — is closed at once (one accepted less than `idleGraceMs` ago gets
 *    that long to send its request, since its client has usually just not written it yet).
 *
 * @example
 * const drain = new ConnectionDrain(server, { idleGraceMs: 100, drainTimeoutMs: 30_000 });
 * process.once('SIGTERM', async () => process.exit((await drain.shutdown()) ? 0 : 1));
 */
export class ConnectionDrain {
  private readonly connections = new Map<Socket, ConnectionState>();
  private accepted = 0;
  private shuttingDown: Promise<boolean> | undefined;
  private listenerClosed: Promise<void> | undefined;

  constructor(
    private readonly server: Server,
    private readonly limits: { readonly idleGraceMs: number; readonly drainTimeoutMs: number },
  ) {
    server.on('connection', (socket: Socket) => {
      this.accepted++;
      this.connections.set(socket, { requests: 0, used: false, acceptedAt: performance.now() });
      socket.once('close', () => this.connections.delete(socket));
    });
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      const state = this.connections.get(req.socket);
      if (state === undefined) return;
      state.requests++;
      state.used = true;
      res.once('close', () => {
        state.requests--;
        if (this.draining) this.closeIfIdle(req.socket);
      });
    });
  }

  /** True once `shutdown()` was called: responses should ask clients to close the connection. */
  get draining(): boolean {
    return this.shuttingDown !== undefined;
  }

  /**
   * Resolves at once, except while shutdown is still accepting queued connections: then once the
   * listener has closed. CPU work awaits it between slices, so the accepting turns run quickly.
   */
  acceptingSettled(): Promise<void> {
    return this.listenerClosed ?? Promise.resolve();
  }

  /**
   * Stops listening, answers every request already received, closes idle connections, and resolves
   * `true` once all connections are closed — or `false` when the drain timeout had to cut some.
   */
  shutdown(): Promise<boolean> {
    this.shuttingDown ??= new Promise((resolve) => {
      let cut = false;
      const timer = setTimeout(() => {
        cut = true;
        for (const socket of this.connections.keys()) socket.destroy();
      }, this.limits.drainTimeoutMs);
      const closed = (): void => {
        clearTimeout(timer);
        resolve(!cut);
      };
      this.listenerClosed = new Promise((listenerDone) => {
        let seen = this.accepted;
        const acceptQueued = (): void =>
          afterNextPoll(() => {
            if (this.accepted !== seen && !cut) {
              seen = this.accepted;
              return acceptQueued();
            }
            this.server.close(closed);
            listenerDone();
            // One more poll reads the requests already sent on the connections just accepted.
            afterNextPoll(() => {
              for (const socket of this.connections.keys()) this.closeIfIdle(socket);
            });
          });
        acceptQueued();
      });
    });
    return this.shuttingDown;
  }

  private closeIfIdle(socket: Socket): void {
    const state = this.connections.get(socket);
    if (state === undefined || state.requests > 0) return;
    // A used connection may still be flushing its last response: end it after the flush.
    if (state.used) {
      socket.destroySoon();
      return;
    }
    const waited = performance.now() - state.acceptedAt;
    if (waited >= this.limits.idleGraceMs) return void socket.destroy();
    // Checked after a poll, so a request that arrived meanwhile is seen before the connection closes.
    setTimeout(() => afterNextPoll(() => this.closeIfIdle(socket)), this.limits.idleGraceMs - waited).unref();
  }
}

/** Runs `fn` after the event loop has completed at least one poll phase from now. */
function afterNextPoll(fn: () => void): void {
  setImmediate(() => setImmediate(fn));
}
