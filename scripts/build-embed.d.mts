/** Types of scripts/build-embed.mjs, for the budget test. */
export declare const FRAME_ENTRY: string;
export declare const FRAME_OUTFILE: string;
export declare const FRAME_SOURCES: string[];
export declare const LIVE_ENTRY: string;
export declare const LIVE_OUTFILE: string;
export declare function buildEmbed(options?: { outfile?: string; entry?: string }): Promise<{ outfile: string; bytes: number; gzipBytes: number }>;
