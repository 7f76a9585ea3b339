/**
 * `npm run bench [-- SECTION...]`: every benchmark of the project in one run, each printing its
 * figures side by side with a reference measured in the same process. Sections: parse, check,
 * lsp, backend, training, threads, study, playground (all by default; playground needs Chromium). Results
 * go into docs/performance.md by hand, with the machine they were taken on (printed first).
 *
 * The benchmarks import nnspec from dist/ (`npm run bench` builds it first): run from source
 * through tsx, every closure gets an extra `__name` call, which made the parser look 1.7x slower
 * than what users run.
 */
import os from 'node:os';

type Section = { name: string; run: () => Promise<string> };

const SECTIONS: Section[] = [
  { name: 'parse', run: async () => (await import('./parse.js')).runParseBench() },
  { name: 'check', run: async () => (await import('./check.js')).runCheckBench() },
  { name: 'lsp', run: async () => (await import('./lsp.js')).runLspBench() },
  { name: 'backend', run: async () => (await import('./backend.js')).runBackendBench() },
  { name: 'training', run: async () => (await import('./training.js')).runTrainingBench() },
  { name: 'threads', run: async () => (await import('./threads.js')).runThreadsBench() },
  { name: 'study', run: async () => (await import('./study.js')).runStudyBench() },
  { name: 'playground', run: async () => (await import('./playground.js')).runPlaygroundBench() },
];

const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !SECTIONS.some((section) => section.name === name));
if (unknown.length > 0) {
  console.error(`unknown bench section(s): ${unknown.join(', ')}; choose from ${SECTIONS.map((s) => s.name).join(', ')}`);
  process.exit(2);
}
const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
console.log(
  `# nnspec benchmarks\nmachine: ${os.cpus().length} cores, ${cpu}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${os.platform()} ${os.arch()}\n`,
);
for (const section of SECTIONS) {
  if (wanted.length > 0 && !wanted.includes(section.name)) continue;
  const started = performance.now();
  console.log(`## ${section.name}\n`);
  console.log(await section.run());
  console.log(`(${section.name}: ${((performance.now() - started) / 1000).toFixed(1)} s)\n`);
}
