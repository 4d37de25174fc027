/**
 * The bundle of `entry` (a TypeScript file inside a package), built if missing or stale: one ES module,
 * cached under <package>/node_modules/.cache/descent/. Returns its file URL, or null when it cannot be built
 * here; the caller then loads the entry through tsx. Packages that find files next to their own code stay
 * imports of their own files. See cachedBundle.mjs.
 */
export declare function cachedBundle(entry: URL): Promise<string | null>;
