// paths.mjs names the files the browser tests use.
import path from "node:path";
import { fileURLToPath } from "node:url";

// repoRoot is the repository's top folder.
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "..");

// extensionDir is the unpacked extension `make dist/extension/.stamp`
// builds; SESAME_EXTENSION overrides it.
export const extensionDir = path.resolve(process.env.SESAME_EXTENSION ?? path.join(repoRoot, "dist", "extension"));

// chromiumPath and firefoxPath are the browsers (Debian packages by default).
export const chromiumPath = process.env.CHROMIUM ?? "/usr/lib/chromium/chromium";
export const firefoxPath = process.env.FIREFOX ?? "/usr/lib/firefox-esr/firefox-esr";

// geckoId is the extension's id in Firefox (manifest
// browser_specific_settings.gecko.id).
export const geckoId = "sesame@sesame-help.org";
