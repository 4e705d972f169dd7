/** Photos on the local disk (MEDIA_DIR): the default MediaStorage (server/media/manifest.ts). */
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import type { MediaStorage } from "./manifest";

export type { MediaStorage, PhotoManifest } from "./manifest";

const KEY = /^[a-f0-9]{32}$/;
const NAME = /^(?:\d{1,5}\.(?:webp|jpg)|manifest\.json)$/;

/** Photos on the local disk, one folder per photo: `<dir>/<key>/<width>.<format>`. */
export function localMediaStorage(dir: string): MediaStorage {
  const root = resolve(dir);
  // Only names we make ourselves reach the file system: no path can escape `root`.
  const pathOf = (key: string, name: string) => {
    if (!KEY.test(key) || !NAME.test(name)) return null;
    return join(root, key.slice(0, 2), key, name);
  };
  return {
    async put(key, name, data) {
      const path = pathOf(key, name);
      if (!path) throw new Error(`bad media name ${key}/${name}`);
      await mkdir(join(path, ".."), { recursive: true });
      // Write then rename: a reader never gets half a file.
      await writeFile(`${path}.tmp`, data);
      await rename(`${path}.tmp`, path);
    },
    async get(key, name) {
      const path = pathOf(key, name);
      if (!path) return null;
      try {
        return await readFile(path);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
        throw err;
      }
    },
  };
}
