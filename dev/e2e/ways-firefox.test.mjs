// End-to-end tests of issue 4 (every way forward the popup offers) in
// headless Firefox ESR against the local demo site and a local relay. Run
// from the repository root with
//   node --test --test-concurrency=1 dev/e2e/*.test.mjs
// after make dist/extension/.stamp. See lib/ways.mjs for what is tested.
import { defineWaysSuite } from "./lib/ways.mjs";

defineWaysSuite("firefox");
