// state.js holds what the popup's modules share: the popup's state S, the
// moment it started (for data-timing), the error it shows, and the one
// browser test the modules need. It imports nothing but lib/ext.js.
import { api } from "../lib/ext.js";

// started is when the popup's script began, in performance.now() time.
export const started = performance.now();

// FIREFOX: Firefox has runtime.getBrowserInfo; Chrome does not.
export const FIREFOX = typeof api.runtime.getBrowserInfo === "function";

// S is the popup's state, filled by main() in popup.js.
export const S = {
  tabId: -1,
  record: null,
  report: null, // the report of the first sesame.analyze (the same on every call)
  input: null, // the input of sesame.analyze, results growing with each probe round
  plan: null, // the plan of the latest sesame.analyze
  sesame: null,
  config: { relayURL: "", waybackURL: "", archives: [] }, // lib/config.js loadConfig
  options: { relayURL: null, dropQuery: false, archives: null, waybackURL: null }, // lib/config.js loadOptions
  granted: { browsingData: false, watch: false },
  watch: null, // this page's watch entry, if any
  confirmYes: null, // the pending confirmation's action
  confirmReturn: null, // the button the focus goes back to after it
  goLoad: null, // ms the Go helper took to start (data-go-load)
  inputReady: null, // a promise sesame.analyze waits for: S.input is complete (the page's text read)
  viaBackground: false, // the probes' phases are asked of the background's Go (the first one came from there)
};

// PopupError is an error shown in #error: key names its message.
export class PopupError extends Error {
  constructor(key, detail) {
    super(detail || key);
    this.key = key;
  }
}
