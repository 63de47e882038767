// record.mjs reads and writes the recorded answers of the real-server suite:
// internal/diagnose/testdata/servers/<server>-<case>.http, in the form
// package sample reads (comments, request line, status line, headers, body).
// The comments say which server answers and what its report must be; the
// request line says what to ask. The suite asks the live server the same
// question and checks `sesame check --json` against the same comments, and
// with SESAME_RECORD=1 it writes what the server sent below the request line.
//
// Comments the suite reads (package diagnose's tests read the same ones):
//
//   # server apache|nginx|lighttpd|python|squid|tinyproxy
//   # proxy signin|refuse     ask through that proxy port (HTTP_PROXY and
//                             HTTPS_PROXY)
//   # want kind=K             the report's kind
//   # block VENDOR KIND       the report's block
//   # schemes S …             the challenges' schemes, in order
//   # actions A …             the report's action kinds, in order
//   # action KIND URL         the first action of that kind leads to URL
//
// Ports in the recording are the canonical ones below, so that the files do
// not change from one run to the next except for what the server changed.
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { repoRoot } from "../lib/paths.mjs";

// recordDir holds the recorded answers.
export const recordDir = path.join(repoRoot, "internal", "diagnose", "testdata", "servers");

// canonicalPorts are the ports written in the recordings, by server and port
// name.
export const canonicalPorts = {
  apache: { http: 8080 },
  nginx: { http: 8081 },
  lighttpd: { http: 8082 },
  python: { http: 8083 },
  squid: { signin: 3128, refuse: 3129 },
  tinyproxy: { refuse: 8888 },
};

// loadCases reads every recorded case: {file, name, server, proxy, connect,
// method, url, expect: {kind, block, schemes, actions, action}}.
export function loadCases() {
  const out = [];
  for (const f of readdirSync(recordDir).filter((n) => n.endsWith(".http")).sort()) {
    const file = path.join(recordDir, f);
    const lines = readFileSync(file, "latin1").split("\n");
    const c = { file, name: f.replace(/\.http$/, ""), expect: {}, comments: [] };
    let i = 0;
    for (; i < lines.length && lines[i].startsWith("#"); i++) {
      c.comments.push(lines[i]);
      const text = lines[i].slice(1).trim();
      const [key, ...rest] = text.split(/\s+/);
      const value = rest.join(" ");
      switch (key) {
        case "server":
          c.server = value;
          break;
        case "proxy":
          c.proxy = value;
          break;
        case "want":
          for (const kv of rest) {
            const [k, v] = kv.split("=");
            c.expect[k] = v;
          }
          break;
        case "block":
        case "schemes":
        case "actions":
        case "action":
          c.expect[key] = value;
          break;
      }
    }
    const m = /^([A-Z]+) (\S+)$/.exec(lines[i] ?? "");
    if (!m || !c.server) throw new Error(`${f}: needs "# server NAME" and a request line after the comments`);
    c.method = m[1];
    // "CONNECT https://host/": the answer is the proxy's own to the CONNECT
    // of an https URL (sesame check itself asks for GET https://host/).
    c.connect = c.method === "CONNECT";
    c.url = m[2];
    c.requestLine = lines[i];
    out.push(c);
  }
  return out;
}

// liveURL turns a recorded URL into the live one: the canonical port of
// server becomes the port it listens on now.
export function liveURL(u, server, ports) {
  let out = u;
  for (const [name, canon] of Object.entries(canonicalPorts[server] ?? {})) {
    out = out.replaceAll(`:${canon}/`, `:${ports[name]}/`);
  }
  return out;
}

// canonical replaces the live ports in text by the canonical ones.
function canonical(text, server, ports) {
  let out = text;
  for (const [name, canon] of Object.entries(canonicalPorts[server] ?? {})) {
    out = out.replace(new RegExp(`(:|Port |port )${ports[name]}\\b`, "g"), `$1${canon}`);
  }
  return out;
}

// writeRecording writes answer (from rawRequest) below the case's comments
// and request line.
export function writeRecording(c, answer, ports) {
  const head = [
    `HTTP/${answer.version} ${answer.status} ${answer.reason}`.trimEnd(),
    ...answer.headers.map(([n, v]) => `${n}: ${v}`),
  ].join("\n");
  const text = [...c.comments, c.requestLine, canonical(head, c.server, ports), "", canonical(answer.body.toString("latin1"), c.server, ports)].join("\n");
  writeFileSync(c.file, text, "latin1");
}

// rawRequest sends one request over a fresh connection to 127.0.0.1:port and
// resolves to {version, status, reason, headers: [[name, value]], body}:
// the answer as sent, headers in order. target is the request target (a
// path, an absolute URL for a proxy, or host:port with method CONNECT).
export function rawRequest(port, method, target, host, headers = {}) {
  return new Promise((resolve, reject) => {
    const s = net.connect(port, "127.0.0.1");
    const chunks = [];
    let done = false;
    const timer = setTimeout(() => finish(new Error(`no complete answer from port ${port} in 30 s`)), 30000);
    const finish = (err) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      s.destroy();
      if (err) return reject(err);
      try {
        resolve(parse(Buffer.concat(chunks)));
      } catch (e) {
        reject(e);
      }
    };
    s.once("connect", () => {
      const lines = [`${method} ${target} HTTP/1.1`, `Host: ${host}`];
      for (const [n, v] of Object.entries(headers)) lines.push(`${n}: ${v}`);
      if (method !== "CONNECT") lines.push("Connection: close");
      s.write(lines.join("\r\n") + "\r\n\r\n");
    });
    s.on("data", (d) => {
      chunks.push(d);
      if (complete(Buffer.concat(chunks))) finish();
    });
    s.once("end", () => finish());
    s.once("error", (e) => finish(e));
  });
}

// complete reports whether buf holds a whole answer with a Content-Length
// (a proxy keeps the connection of a CONNECT open).
function complete(buf) {
  const end = buf.indexOf("\r\n\r\n");
  if (end < 0) return false;
  const m = /\r\ncontent-length:\s*(\d+)/i.exec(buf.subarray(0, end).toString("latin1"));
  return m !== null && buf.length >= end + 4 + Number(m[1]);
}

function parse(buf) {
  const end = buf.indexOf("\r\n\r\n");
  if (end < 0) throw new Error("answer without the end of its headers");
  const [statusLine, ...headerLines] = buf.subarray(0, end).toString("latin1").split("\r\n");
  const m = /^HTTP\/(\d\.\d) (\d{3}) ?(.*)$/.exec(statusLine);
  if (!m) throw new Error(`bad status line ${JSON.stringify(statusLine)}`);
  const headers = headerLines.map((l) => {
    const i = l.indexOf(":");
    return [l.slice(0, i), l.slice(i + 1).trim()];
  });
  let body = buf.subarray(end + 4);
  const len = headers.find(([n]) => n.toLowerCase() === "content-length");
  if (len) body = body.subarray(0, Number(len[1]));
  if (headers.some(([n, v]) => n.toLowerCase() === "transfer-encoding" && /chunked/i.test(v))) body = unchunk(body);
  return { version: m[1], status: Number(m[2]), reason: m[3], headers, body };
}

function unchunk(buf) {
  const parts = [];
  let i = 0;
  while (i < buf.length) {
    const eol = buf.indexOf("\r\n", i);
    if (eol < 0) break;
    const n = parseInt(buf.subarray(i, eol).toString("latin1"), 16);
    if (!(n > 0)) break;
    parts.push(buf.subarray(eol + 2, eol + 2 + n));
    i = eol + 2 + n + 2;
  }
  return Buffer.concat(parts);
}
