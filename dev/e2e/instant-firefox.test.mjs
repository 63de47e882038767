// End-to-end tests of issue 11 item 1 in headless Firefox: the background
// computes the diagnosis after the badge and keeps it; the popup shows it
// before Go starts. Run from the repository root with
//   node --test --test-concurrency=1 dev/e2e/instant-firefox.test.mjs
// after make build. See lib/instant.mjs for what is tested.
import { defineInstantSuite } from "./lib/instant.mjs";

defineInstantSuite("firefox");
