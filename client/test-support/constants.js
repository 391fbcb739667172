// The two protocol files are read by tests/protocol/test_agreement.py with this regex.

import { readFileSync } from "node:fs";

export const AGREEMENT_RE = /^export const (\w+) = (".*"|\d+);$/;

/** The constants of `url` as the Python test parses them: every export must be one. */
export function parseConstants(url) {
  const exports = readFileSync(url, "utf8")
    .split("\n")
    .filter((line) => line.startsWith("export"));
  const parsed = {};
  for (const line of exports) {
    const match = AGREEMENT_RE.exec(line);
    if (!match) throw new Error(`not of the agreement form: ${line}`);
    parsed[match[1]] = JSON.parse(match[2]);
  }
  return parsed;
}
