// End-to-end tests of the Sesame extension in headless Firefox against the
// local demo site. Run from the repository root with
//   node --test --test-concurrency=1 dev/e2e/*.test.mjs
// after make dist/extension/.stamp. See lib/suite.mjs for what is tested.
import { defineSuite } from "./lib/suite.mjs";

defineSuite("firefox");
