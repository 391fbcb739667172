// Types of the browser client's test WebSocket (client/test-support/fake-socket.js).
declare module "djwire-client/test-support/fake-socket.js" {
  export class FakeWebSocket {
    static OPEN: number;
    static instances: FakeWebSocket[];
    readonly url: string;
    readyState: number;
    sent: [number | null, string, string, Record<string, unknown>][];
    close(): void;
    open(): void;
    serve(frame: unknown[]): void;
  }
}
