// End-to-end tests of issue 12 items 1 and 6 (a popup that reads at a
// glance: fits in 600 px, one primary action, "More ways", axe-core clean,
// nothing moves under the focus or the pointer) in headless Chromium against
// the local demo site. Run from the repository root with
//   node --test --test-concurrency=1 dev/e2e/*.test.mjs
// after make dist/extension/.stamp. See lib/glance.mjs for what is tested.
import { defineGlanceSuite } from "./lib/glance.mjs";

defineGlanceSuite("chromium");
