/** Types of ./fold-doc.mjs. */
export declare function foldDoc(parts: Uint8Array[]): Uint8Array;
