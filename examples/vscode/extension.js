// A minimal client: starts `nnspec lsp` over stdio for .nn files. Everything else (diagnostics,
// completion, hover, inlay hints, rename, formatting, quick fixes) comes from the server.
const vscode = require('vscode');
const { LanguageClient, TransportKind } = require('vscode-languageclient/node');

let client;

function activate(context) {
  const [command, ...args] = vscode.workspace.getConfiguration('nnspec').get('command', ['npx', 'nnspec', 'lsp']);
  client = new LanguageClient(
    'nnspec',
    'nnspec language server',
    { run: { command, args, transport: TransportKind.stdio }, debug: { command, args, transport: TransportKind.stdio } },
    {
      documentSelector: [{ scheme: 'file', language: 'nnspec' }, { scheme: 'untitled', language: 'nnspec' }],
      // `nnspec.checkData` at start-up, and its changes afterwards (sent as `{ nnspec: { checkData } }`).
      initializationOptions: { checkData: vscode.workspace.getConfiguration('nnspec').get('checkData', false) },
      synchronize: { configurationSection: 'nnspec' },
    },
  );
  context.subscriptions.push({ dispose: () => client && client.stop() });
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
