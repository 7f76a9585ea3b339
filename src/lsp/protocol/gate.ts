/**
 * The server's front door: every message from the client passes here before the connection
 * dispatches it. vscode-languageserver dispatches whatever arrives, whenever it arrives (a hover
 * before `initialize` got `null`, a second `initialize` was run again) and hands malformed params
 * to the handlers, so this gate enforces what the LSP specification asks of a server:
 *
 * - before `initialize`: a request gets ServerNotInitialized (-32002), a notification is dropped
 *   (except `exit`);
 * - a second `initialize`: InvalidRequest (-32600);
 * - after `shutdown`: a request gets InvalidRequest, a notification is dropped (except `exit`);
 * - params that are not what the method takes: InvalidParams (-32602) naming the field, for a
 *   request; for a notification, dropped with one line in the client's log;
 * - a message that is none of request, notification or response (`[]`, `{ "method": 5 }`):
 *   dropped with one short line (the connection would log the whole message, pretty-printed).
 *
 * It wraps the message reader, so it also sees `$/cancelRequest`, which the connection handles
 * before any message strategy. It needs no Node built-in (any reader and writer will do).
 */
import {
  ErrorCodes,
  Message,
  MessageType,
  type DataCallback,
  type Disposable,
  type MessageReader,
  type MessageWriter,
  type NotificationMessage,
  type RequestMessage,
} from 'vscode-languageserver';
import { notificationParamsProblem, quote, requestParamsProblem } from './params.js';

/** Where the session is in the LSP lifecycle. */
export type LifecycleState = 'uninitialized' | 'running' | 'shut down';

/** What the gate answers, by state (exported for the tests and the docs). */
export const LIFECYCLE_MESSAGES = {
  notInitialized: 'the server is not initialized: send `initialize` first',
  initializedTwice: 'the server is already initialized: `initialize` may be sent only once',
  shutDown: 'the server is shutting down: after `shutdown` only `exit` is accepted',
} as const;

/** A message reader that lets through only what the lifecycle and the params allow. */
export class ProtocolGate implements MessageReader {
  private current: LifecycleState = 'uninitialized';

  constructor(
    private readonly reader: MessageReader,
    private readonly writer: MessageWriter,
  ) {}

  /** Where the session is now. */
  get state(): LifecycleState {
    return this.current;
  }

  get onError(): MessageReader['onError'] {
    return this.reader.onError;
  }

  get onClose(): MessageReader['onClose'] {
    return this.reader.onClose;
  }

  get onPartialMessage(): MessageReader['onPartialMessage'] {
    return this.reader.onPartialMessage;
  }

  listen(callback: DataCallback): Disposable {
    return this.reader.listen((message) => {
      if (this.admits(message)) callback(message);
    });
  }

  dispose(): void {
    this.reader.dispose();
  }

  /** True when the message goes on to the connection; otherwise it was answered or dropped here. */
  private admits(message: Message): boolean {
    if (Message.isRequest(message)) return this.admitsRequest(message);
    if (Message.isNotification(message)) return this.admitsNotification(message);
    if (Message.isResponse(message)) return true; // answers to the server's own requests
    if (this.current === 'running') this.log(`nnspec: ignored a message that is not a JSON-RPC request, notification or response: ${quote(message)}`);
    return false;
  }

  private admitsRequest(request: RequestMessage): boolean {
    const { method } = request;
    if (this.current === 'uninitialized' && method !== 'initialize')
      return this.refuse(request, ErrorCodes.ServerNotInitialized, LIFECYCLE_MESSAGES.notInitialized);
    if (this.current === 'running' && method === 'initialize') return this.refuse(request, ErrorCodes.InvalidRequest, LIFECYCLE_MESSAGES.initializedTwice);
    if (this.current === 'shut down') return this.refuse(request, ErrorCodes.InvalidRequest, LIFECYCLE_MESSAGES.shutDown);
    const problem = requestParamsProblem(method, request.params);
    if (problem !== undefined) return this.refuse(request, ErrorCodes.InvalidParams, `invalid params for ${method}: ${problem}`);
    // An `initialize` with bad params leaves the server uninitialized, so the client can send a good one.
    if (method === 'initialize') this.current = 'running';
    if (method === 'shutdown') this.current = 'shut down';
    return true;
  }

  private admitsNotification(notification: NotificationMessage): boolean {
    const { method } = notification;
    if (method === 'exit') return true;
    // The specification says to drop these silently: before `initialize` the server may not even log.
    if (this.current !== 'running') return false;
    const problem = notificationParamsProblem(method, notification.params);
    if (problem === undefined) return true;
    this.log(`nnspec: ignored ${method}: ${problem}`);
    return false;
  }

  /** One warning line in the client's log. */
  private log(message: string): void {
    this.send({ jsonrpc: '2.0', method: 'window/logMessage', params: { type: MessageType.Warning, message } } as NotificationMessage);
  }

  private refuse(request: RequestMessage, code: number, message: string): false {
    this.send({ jsonrpc: '2.0', id: request.id, error: { code, message } } as Message);
    return false;
  }

  private send(message: Message): void {
    // A write fails only when the client has gone; there is no one left to tell.
    this.writer.write(message).catch(() => undefined);
  }
}
