/**
 * Cancellation of requests still waiting in the connection's queue. The server answers on one
 * thread, and a handler, once started, runs to its end (the analyses are synchronous); but a
 * request the client cancelled before its turn (a hover the mouse has left, a completion typed
 * past) need not run at all. vscode-jsonrpc runs such requests anyway unless the connection's
 * strategy answers them: this one answers RequestCancelled (-32800) at once, so after a slow
 * analysis the server does not work through a backlog the editor has already abandoned.
 */
import { LSPErrorCodes, type ConnectionStrategy, type RequestMessage, type ResponseMessage } from 'vscode-languageserver';

/** The connection strategy that answers a cancelled, not yet started request with RequestCancelled. */
export const cancelQueuedRequests: ConnectionStrategy = {
  cancelUndispatched: (message) =>
    ({
      jsonrpc: '2.0',
      // The connection asks only about requests (messages with an id).
      id: (message as RequestMessage).id,
      error: { code: LSPErrorCodes.RequestCancelled, message: 'cancelled by the client before the server started it' },
    }) as ResponseMessage,
};
