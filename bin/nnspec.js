#!/usr/bin/env node
// The published entry point: the CLI is built into dist/ by `npm install` (the `prepare` script).
import { main } from '../dist/cli/main.js';

await main();
