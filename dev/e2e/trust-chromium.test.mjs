// End-to-end tests of issue 8 (items 1, 2, 5) and the popup side of issue
// 9 item 2 in headless Chromium: probes never reach another origin, the
// direct Wayback fallback honours the archive choice, a busy relay. Run
// from the repository root with
//   node --test --test-concurrency=1 dev/e2e/trust-chromium.test.mjs
// after make build. See lib/trust.mjs for what is tested.
import { defineTrustSuite } from "./lib/trust.mjs";

defineTrustSuite("chromium");
