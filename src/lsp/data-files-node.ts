/** The language server's access to data files in Node: `file:` URIs, paths and head reads. Node-only. */
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { resolveDataPath } from '../train/data/read-file-node.js';
import { readDataHead } from '../train/data/read-head-node.js';
import type { DataFileAccess } from './data-check.js';

/** Data files on the local disk, relative to the folder of a `file:` document. */
export const nodeDataFileAccess: DataFileAccess = {
  readHead: readDataHead,
  folderOf: (uri) => {
    if (!uri.startsWith('file:')) return undefined;
    try {
      return path.dirname(fileURLToPath(uri));
    } catch {
      return undefined; // a file URI of another host (`file://server/...`) is not a local path
    }
  },
  resolve: resolveDataPath,
  uriOf: (file) => pathToFileURL(file).href,
};
