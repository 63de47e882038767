#!/usr/bin/env node
// whatwg-table.mjs fills the "whatwg" column of the URL table that
// internal/urls/weburl tests against (testdata/whatwg.tsv): for each row,
// what Node's URL class, the WHATWG parser browsers share, makes of the
// input resolved against the row's base (its href, or "!error" when it
// throws). Every column is a JSON string, columns are separated by tabs:
//
//	input	base	whatwg	note
//
// The note column is written by the Go test (go test ./internal/urls/weburl
// -run TestWHATWG -update) and kept here as it is.
//
//	node dev/scripts/whatwg-table.mjs [FILE]          rewrite the column
//	node dev/scripts/whatwg-table.mjs --check [FILE]  exit 1 if it is stale
import { readFileSync, writeFileSync } from "node:fs";

const args = process.argv.slice(2);
const check = args[0] === "--check";
if (check) args.shift();
const file = args[0] ?? new URL("../../internal/urls/weburl/testdata/whatwg.tsv", import.meta.url).pathname;

export const whatwg = (input, base) => {
  try {
    return base === "" ? new URL(input).href : new URL(input, base).href;
  } catch {
    return "!error";
  }
};

const lines = readFileSync(file, "utf8").split("\n");
let stale = 0;
const out = lines.map((line, i) => {
  if (line === "" || line.startsWith("#")) return line;
  const cols = line.split("\t").map((c) => JSON.parse(c));
  if (cols.length < 2) throw new Error(`${file}:${i + 1}: want input and base`);
  const [input, base] = cols;
  const got = whatwg(input, base);
  if (cols[2] !== got) {
    stale++;
    if (check) console.error(`${file}:${i + 1}: ${JSON.stringify(input)} → ${JSON.stringify(got)}, table says ${JSON.stringify(cols[2])}`);
  }
  return [input, base, got, cols[3] ?? ""].map((c) => JSON.stringify(c)).join("\t");
});
if (check) {
  if (stale > 0) {
    console.error(`${stale} rows disagree with this Node's URL (node ${process.version})`);
    process.exit(1);
  }
  console.log(`${file}: every row agrees with node ${process.version}`);
} else {
  writeFileSync(file, out.join("\n"));
  console.log(`${file}: ${stale} rows updated`);
}
