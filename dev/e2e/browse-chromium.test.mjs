// The browsing test of issue 8 in headless Chromium: 200+ navigations over
// refused and ordinary pages with no click, the badge and record checked
// after each, no request to the relay, an archive or another origin; and
// the privacy of watched pages. Run from the repository root with
//   node --test dev/e2e/browse-chromium.test.mjs
// after make dist/extension/.stamp. See lib/browse.mjs for what is tested.
import { defineBrowseSuite } from "./lib/browse.mjs";

defineBrowseSuite("chromium");
