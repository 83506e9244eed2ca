import { z } from 'zod';

/** App versions as electron-builder writes them (package.json `version`): 1.4.2 or 1.5.0-beta.1. */
export const SEMVER_PATTERN = /^\d{1,6}\.\d{1,6}\.\d{1,6}(-[0-9A-Za-z.-]{1,40})?$/;
export const appVersionSchema = z.string().regex(SEMVER_PATTERN, { error: 'a version is like 1.4.2 (or 1.5.0-beta.1)' });

const versionParts = (v: string) => {
  const [core, pre] = v.split('-', 2) as [string, string | undefined];
  return { nums: core.split('.').map(Number), pre: pre ?? null };
};

/** Semantic version order: 1.10.0 > 1.9.3; a pre-release sorts before its release (1.2.0-beta.1 < 1.2.0). */
export function compareVersions(a: string, b: string): number {
  const x = versionParts(a);
  const y = versionParts(b);
  for (let i = 0; i < 3; i++) {
    const d = (x.nums[i] ?? 0) - (y.nums[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  if (x.pre === y.pre) return 0;
  if (x.pre === null) return 1;
  if (y.pre === null) return -1;
  return x.pre < y.pre ? -1 : 1;
}
