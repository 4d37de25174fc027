import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tempFolder } from '@descent/runner/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { clientBundleSource, readClientBundle } from './clientBundle.js';

describe("the report's page script", () => {
  const directory = tempFolder('descent-bundle-');
  afterAll(() => rm(directory, { recursive: true, force: true }));

  it('is found from the sources (the build runs before the tests): a minified IIFE with Plot in it', () => {
    const source = clientBundleSource();
    expect(source.length).toBeGreaterThan(100_000);
    expect(source.trimStart().startsWith('"use strict";(()=>{')).toBe(true);
    expect(source).toContain('explore-data');
  });

  it('says how to build it when it is missing, and refuses one that would end its <script>', async () => {
    expect(() => readClientBundle(join(directory, 'missing.js'))).toThrow(/page script .*missing\.js is missing: build the report package first/);
    const hostile = join(directory, 'hostile.js');
    await writeFile(hostile, 'const s = "</script>";');
    expect(() => readClientBundle(hostile)).toThrow(/contains '<\/script' or '<!--'/);
  });
});
