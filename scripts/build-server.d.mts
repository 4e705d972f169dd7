/** Types of scripts/build-server.mjs, for the TypeScript that imports it (the benchmarks). */
export declare const SERVER_ENTRY: string;
export declare const SERVER_OUTFILE: string;
export declare const SERVER_SOURCES: string[];
export declare function buildServer(options?: { entry?: string; outfile?: string }): Promise<{ outfile: string }>;
