/** The service worker's own file name, never precached. */
export declare const SERVICE_WORKER_FILE: string;
/** The precache URLs of a built playground folder and the hash that names its cache. */
export declare function precacheManifest(folder: string): { urls: string[]; hash: string };
