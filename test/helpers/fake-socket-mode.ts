import { WebSocketServer, type WebSocket } from 'ws';
import type { AddressInfo } from 'node:net';

/**
 * Slack's side of Socket Mode: after apps.connections.open hands out this server's URL, it greets the
 * client with `hello`, sends envelopes and collects the acks (with their response payloads).
 */
export class FakeSocketMode {
  private server: WebSocketServer | undefined;
  private socket: WebSocket | undefined;
  private readonly acks = new Map<string, (payload: unknown) => void>();
  private connected: Promise<void> | undefined;

  async start(): Promise<string> {
    this.server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise<void>((resolve) => this.server?.once('listening', () => resolve()));
    this.connected = new Promise<void>((resolve) => {
      this.server?.on('connection', (socket) => {
        this.socket = socket;
        socket.on('message', (data) => {
          const ack = JSON.parse(data.toString()) as { envelope_id?: string; payload?: unknown };
          if (ack.envelope_id) this.acks.get(ack.envelope_id)?.(ack.payload);
        });
        socket.send(JSON.stringify({ type: 'hello', num_connections: 1, connection_info: { app_id: 'A0KANARIA' } }));
        resolve();
      });
    });
    return `ws://127.0.0.1:${(this.server.address() as AddressInfo).port}/link`;
  }

  /** Sends a slash command envelope; resolves with the payload Kanaria acked it with. */
  async slashCommand(payload: Record<string, string>): Promise<unknown> {
    await this.connected;
    const envelopeId = `env-${Math.random().toString(16).slice(2)}`;
    const acked = new Promise<unknown>((resolve) => this.acks.set(envelopeId, resolve));
    this.socket?.send(
      JSON.stringify({ envelope_id: envelopeId, type: 'slash_commands', accepts_response_payload: true, payload }),
    );
    return acked;
  }

  async stop(): Promise<void> {
    for (const client of this.server?.clients ?? []) client.terminate();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
