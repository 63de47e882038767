// End-to-end: real servers from Debian on loopback (Apache, nginx, lighttpd,
// Python's http.server, squid, Tinyproxy; see servers.mjs for their set-ups) answer, and `sesame check
// --json` must diagnose each answer as its recording in
// internal/diagnose/testdata/servers/ says (see record.mjs for the
// comments). The same recordings feed package diagnose's unit tests, so
// the diagnosis is covered without the servers too.
//
// A missing server program fails the suite with the apt package to
// install; it is never skipped. SESAME_RECORD=1 rewrites the recordings with
// what the servers answer now (then review the diff); SESAME_RECORD=a,b
// rewrites the cases named a and b.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { after, before, describe, it } from "node:test";
import { goBuild } from "../lib/procs.mjs";
import { liveURL, loadCases, rawRequest, writeRecording } from "./record.mjs";
import { missingPackages, startServer } from "./servers.mjs";

// SESAME_RECORD=1 records every case; a comma-separated list of case names
// (apache-basic,squid-connect-signin) records those.
const recording = process.env.SESAME_RECORD ?? "";
const record = (name) => recording === "1" || recording.split(",").includes(name);

// What sesame check sends (cmd/sesame/check.go), so that the recording is
// the answer sesame check sees.
const checkHeaders = {
  "User-Agent": "sesame-check/1 (+https://github.com/sesame-help/sesame)",
  Accept: "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
};

// check runs `sesame check --json url` with the proxy environment given
// (and no other proxy) and resolves to {code, report, stderr}.
function check(bin, url, proxy) {
  const env = { ...process.env };
  for (const n of ["HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY", "http_proxy", "https_proxy", "all_proxy", "no_proxy"]) delete env[n];
  if (proxy) {
    env.HTTP_PROXY = proxy;
    env.HTTPS_PROXY = proxy;
  }
  return new Promise((resolve) => {
    execFile(bin, ["check", "--json", "--timeout", "20s", url], { env, maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
      let report = null;
      try {
        const json = JSON.parse(stdout);
        // The report is the whole answer, or its "report" member when the
        // answer also holds the plan.
        report = json && typeof json.report === "object" && json.report !== null ? json.report : json;
      } catch {
        // Reported below with stderr.
      }
      resolve({ code: err ? (err.code ?? 1) : 0, report, stderr });
    });
  });
}

// recordAnswer asks the server the case's question directly (or through
// the proxy) and writes the recording.
async function recordAnswer(c, server) {
  const u = new URL(liveURL(c.url, c.server, server.ports));
  let answer;
  if (c.proxy) {
    const port = server.ports[c.proxy];
    answer = c.connect
      ? await rawRequest(port, "CONNECT", `${u.hostname}:${u.port || 443}`, `${u.hostname}:${u.port || 443}`, { "User-Agent": checkHeaders["User-Agent"] })
      : await rawRequest(port, c.method, u.href, u.host, checkHeaders);
  } else {
    answer = await rawRequest(Number(u.port), c.method, u.pathname + u.search, u.host, checkHeaders);
  }
  writeRecording(c, answer, server.ports);
}

const missing = missingPackages();
const cases = loadCases();
const servers = [...new Set(cases.map((c) => c.server))];

describe("real servers on loopback", { timeout: 600000 }, () => {
  let bin;
  const running = {};

  before(async () => {
    assert.deepEqual(missing, [], `real servers are not installed: apt-get install -y ${missing.join(" ")}`);
    bin = goBuild("./cmd/sesame");
  });

  after(async () => {
    for (const s of Object.values(running)) await s.stop();
  });

  it("has recordings of every server", () => {
    assert.deepEqual(servers.sort(), ["apache", "lighttpd", "nginx", "python", "squid", "tinyproxy"]);
    assert.ok(cases.length >= 19, `only ${cases.length} recordings`);
  });

  for (const server of servers) {
    describe(server, () => {
      before(async () => {
        running[server] = await startServer(server);
      });
      after(async () => {
        await running[server]?.stop();
        delete running[server];
      });

      if (server === "apache") {
        it("sesame check prints the way forward for a 401 (text)", async () => {
          const s = running[server];
          const text = (url) =>
            new Promise((resolve) => {
              execFile(bin, ["check", "--timeout", "20s", url], { env: { ...process.env, HTTP_PROXY: "", http_proxy: "" } }, (err, stdout, stderr) =>
                resolve({ code: err ? (err.code ?? 1) : 0, stdout, stderr }),
              );
            });
          const form = await text(`http://127.0.0.1:${s.ports.http}/private/page.html`);
          assert.equal(form.code, 0, form.stderr);
          assert.match(form.stdout, /401 Unauthorized/);
          assert.match(form.stdout, new RegExp(`Sign in with the form on this page\\s+http://127\\.0\\.0\\.1:${s.ports.http}/private/page\\.html`));
          assert.doesNotMatch(form.stdout, /dologin/);
          const basic = await text(`http://127.0.0.1:${s.ports.http}/basic/`);
          assert.equal(basic.code, 0, basic.stderr);
          assert.match(basic.stdout, /Staff area/);
          assert.match(basic.stdout, /Reload and sign in/);
        });
      }

      for (const c of cases.filter((x) => x.server === server)) {
        it(`${c.name}: ${c.url}${c.proxy ? ` via the ${c.proxy} proxy` : ""}`, async () => {
          const s = running[server];
          if (record(c.name)) await recordAnswer(c, s);
          const url = liveURL(c.url, server, s.ports);
          const proxy = c.proxy ? `http://127.0.0.1:${s.ports[c.proxy]}` : "";
          const got = await check(bin, url, proxy);
          const context = `sesame check exited ${got.code}: ${got.stderr}\nserver log:\n${s.log().slice(-4000)}`;
          assert.equal(got.code, 0, context);
          assert.ok(got.report, context);
          const r = got.report;
          const e = c.expect;
          assert.equal(r.kind, e.kind, `kind of ${c.name}`);
          if (e.block !== undefined) assert.equal(r.block ? `${r.block.vendor} ${r.block.kind}` : "", e.block, `block of ${c.name}`);
          if (e.schemes !== undefined) assert.equal(r.challenges.map((x) => x.scheme).join(" "), e.schemes, `schemes of ${c.name}`);
          if (e.actions !== undefined) assert.equal(r.actions.map((a) => a.kind).join(" "), e.actions, `actions of ${c.name}`);
          if (e.action !== undefined) {
            const [kind, want] = e.action.split(" ");
            const a = r.actions.find((x) => x.kind === kind);
            assert.equal(`${kind} ${a?.url ?? "(none)"}`, `${kind} ${liveURL(want, server, s.ports)}`, `action of ${c.name}`);
          }
          if (c.proxy) {
            assert.ok(
              r.challenges.every((x) => x.proxy),
              `a proxy's challenges are proxy challenges: ${JSON.stringify(r.challenges)}`,
            );
          }
        });
      }
    });
  }
});
