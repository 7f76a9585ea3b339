import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LspClient, type PublishedDiagnostics } from './client.js';

const spec = (label: string, inputs: number): string => `data iris {
  source: csv(path: "iris.csv", label: "${label}")
}

model net {
  input(shape: [${inputs}])
  dense(3, activation: softmax)
}

train net on iris {
  loss: categorical_crossentropy
  optimizer: adam()
  epochs: 1
}
`;

let dir: string;
let withSetting: LspClient;
let withoutSetting: LspClient;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'nnspec-lsp-data-'));
  const csv = path.join(dir, 'iris.csv');
  writeFileSync(csv, 'sepal_length,sepal_width,petal_length,petal_width,species\n5.1,3.5,1.4,0.2,setosa\n');
  [withSetting, withoutSetting] = await Promise.all([LspClient.start(20, { initializationOptions: { checkData: true } }), LspClient.start()]);
}, 60_000);

afterAll(async () => {
  expect(await withSetting.stop()).toBe(0);
  expect(await withoutSetting.stop()).toBe(0);
  rmSync(dir, { recursive: true, force: true });
});

async function openIn(client: LspClient, name: string, text: string): Promise<PublishedDiagnostics> {
  const uri = name.includes(':') ? name : pathToFileURL(path.join(dir, name)).href;
  const published = client.nextDiagnostics(uri, 1);
  await client.open(uri, text);
  return published;
}

describe('the checkData setting of the language server', () => {
  it("shows a wrong label column at the spec's label value, with its did-you-mean", async () => {
    const published = await openIn(withSetting, 'label.nn', spec('Species', 4));
    expect(published.diagnostics).toHaveLength(1);
    const [diagnostic] = published.diagnostics;
    expect(diagnostic!.code).toBe('NN4602');
    const line = spec('Species', 4).split('\n')[1]!;
    expect(diagnostic!.range).toEqual({ start: { line: 1, character: line.indexOf('"Species"') }, end: { line: 1, character: line.indexOf('"Species"') + 9 } });
    expect(diagnostic!.message).toMatch(/^label column `Species` is not in the header of `.*iris\.csv` \(line 1\)\nhelp: did you mean `species`\?/);
  });

  it('shows a feature-shape mismatch at the model input, paths resolved against the document folder', async () => {
    const published = await openIn(withSetting, 'shape.nn', spec('species', 6));
    expect(published.diagnostics.map((diagnostic) => [diagnostic.code, diagnostic.range.start.line, diagnostic.range.start.character])).toEqual([
      ['NN4804', 5, 2],
    ]);
    expect(published.diagnostics[0]!.message).toContain(
      `data \`iris\` from \`${path.join(dir, 'iris.csv')}\` has examples of shape [4] (4 values), but model \`net\`'s input is [6] (6 values)`,
    );
  });

  it('reads nothing for a document that is not a file', async () => {
    const published = await openIn(withSetting, 'untitled:Untitled-1', spec('Species', 4));
    expect(published.diagnostics).toEqual([]);
  });

  it('is off by default, and the workspace setting nnspec.checkData turns it on', async () => {
    const uri = pathToFileURL(path.join(dir, 'later.nn')).href;
    const opened = await openIn(withoutSetting, uri, spec('Species', 4));
    expect(opened.diagnostics).toEqual([]);
    const republished = withoutSetting.nextDiagnostics(uri, 1);
    await withoutSetting.connection.sendNotification('workspace/didChangeConfiguration', { settings: { nnspec: { checkData: true } } });
    expect((await republished).diagnostics.map((diagnostic) => diagnostic.code)).toEqual(['NN4602']);
    const turnedOff = withoutSetting.nextDiagnostics(uri, 1);
    await withoutSetting.connection.sendNotification('workspace/didChangeConfiguration', { settings: { nnspec: { checkData: false } } });
    expect((await turnedOff).diagnostics).toEqual([]);
  });
});
