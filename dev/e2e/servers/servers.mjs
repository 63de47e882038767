// servers.mjs starts real web servers and a real proxy from Debian on
// loopback for the real-server suite (servers.test.mjs): Apache, nginx,
// lighttpd and squid, each with a configuration written into a fresh
// temporary folder and listening on free 127.0.0.1 ports. Nothing is
// installed as a system service and nothing listens on port 80: each server
// runs in the foreground as a child of the test process (in its own process
// group, killed when stopped or when the test process exits, see
// procs.mjs). When the tests run as root, the servers run as the user
// nobody (setpriv), so no server process of the suite has root's rights.
//
//   const s = await startServer("apache");   // nginx, lighttpd, python, squid, tinyproxy
//   s.ports      // {http: 41234} ({signin, refuse} for squid)
//   s.log()      // what the server printed and its error log
//   await s.stop();
//
// The content the servers protect (see each configuration below):
//
//   apache    /basic/ (Basic), /digest/ (Digest), /internal/ (Require ip of
//             a network the tests are not on), /files/ (Options -Indexes,
//             no index page), /private/ (mod_auth_form: ErrorDocument 401
//             /login.html, the form posting to the handler /dologin.html)
//   nginx     /basic/ (auth_basic), /internal/ (allow a network; deny all),
//             /files/ (autoindex off, no index page)
//   lighttpd  /basic/ (mod_auth), /internal/ (url.access-deny for addresses
//             outside a network), /files/ (dir-listing.activate disable)
//   python    Python's http.server: /secret/ is a folder it may not read
//             (it answers 404 "No permission to list directory")
//   squid     port signin: every request needs a Basic proxy sign-in (407,
//             for plain http and for CONNECT); port refuse: every request is
//             refused (403)
//   tinyproxy port refuse: only a network the tests are not on may use it
//             (403 "Access denied", for plain http and for CONNECT)
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { chmodSync, chownSync, existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { freePort, spawnGroup, tempDir } from "../lib/procs.mjs";

// programs names each server's binary and the Debian package that brings it.
export const programs = {
  apache: { bin: "/usr/sbin/apache2", pkg: "apache2" },
  htpasswd: { bin: "/usr/bin/htpasswd", pkg: "apache2-utils" },
  nginx: { bin: "/usr/sbin/nginx", pkg: "nginx-light" },
  lighttpd: { bin: "/usr/sbin/lighttpd", pkg: "lighttpd" },
  squid: { bin: "/usr/sbin/squid", pkg: "squid" },
  python: { bin: "/usr/bin/python3", pkg: "python3" },
  tinyproxy: { bin: "/usr/bin/tinyproxy", pkg: "tinyproxy-bin" },
};

// missingPackages returns the Debian packages of the programs the suite
// needs that are not installed.
export function missingPackages() {
  const out = [];
  for (const { bin, pkg } of Object.values(programs)) {
    if (!existsSync(bin) && !out.includes(pkg)) out.push(pkg);
  }
  return out;
}

// The user the servers run as when the tests run as root.
const UNPRIVILEGED = ["--reuid=nobody", "--regid=nogroup", "--clear-groups"];
const asRoot = typeof process.getuid === "function" && process.getuid() === 0;

// USER and PASSWORD are the one account every server knows; the tests never
// send them (sesame check never signs in), they only make the set-ups real.
const USER = "alice";
const PASSWORD = "correct horse";

// A network the tests are never on (TEST-NET-1).
const ALLOWED_NET = "192.0.2.0/24";

// startServer starts the named server and resolves once it accepts
// connections on every port.
export async function startServer(name) {
  const start = { apache: startApache, nginx: startNginx, lighttpd: startLighttpd, squid: startSquid, python: startPython, tinyproxy: startTinyproxy }[name];
  if (!start) throw new Error(`servers: no server named ${name}`);
  const missing = missingPackages();
  if (missing.length > 0) {
    throw new Error(`servers: not installed: ${missing.join(" ")}; install with: apt-get install -y ${missing.join(" ")}`);
  }
  const dir = tempDir(`sesame-${name}-`);
  return start(dir);
}

// site writes the pages every web server serves.
function site(dir) {
  const root = path.join(dir, "htdocs");
  const files = {
    "index.html": "<!DOCTYPE html>\n<title>Home</title>\n<p>Home page.</p>\n",
    "basic/index.html": "<p>Staff area.</p>\n",
    "digest/index.html": "<p>Staff area.</p>\n",
    "internal/index.html": "<p>Internal.</p>\n",
    "internal/report.html": "<p>Internal report.</p>\n",
    "files/a.txt": "a file in a folder without an index page\n",
    "private/page.html": "<p>Private page.</p>\n",
    // Apache's documented mod_auth_form set-up: the 401 page is the form,
    // posting to the handler.
    "login.html": `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Sign in</title></head>
<body>
<h1>Sign in</h1>
<form method="POST" action="/dologin.html">
<label>User name <input type="text" name="httpd_username" value=""></label>
<label>Password <input type="password" name="httpd_password" value=""></label>
<input type="hidden" name="httpd_location" value="/private/page.html">
<input type="submit" name="login" value="Log in">
</form>
</body></html>
`,
  };
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), text);
  }
  return root;
}

// htpasswd writes a Basic password file (bcrypt, from htpasswd itself).
function htpasswd(file) {
  const out = spawnSync(programs.htpasswd.bin, ["-nbB", USER, PASSWORD], { encoding: "utf8" });
  if (out.status !== 0) throw new Error(`servers: htpasswd failed: ${out.stderr}`);
  writeFileSync(file, out.stdout.trim() + "\n");
}

// writable makes folders the server (running as nobody) writes to.
function writable(dir, ...names) {
  for (const n of names) {
    const d = path.join(dir, n);
    mkdirSync(d, { recursive: true });
    if (asRoot) chownSync(d, 65534, 65534);
  }
}

// readable lets the unprivileged server read the whole folder: mkdtemp
// makes it private to its owner.
function readable(dir) {
  const st = statSync(dir);
  chmodSync(dir, st.isDirectory() ? 0o755 : 0o644);
  if (st.isDirectory()) for (const n of readdirSync(dir)) readable(path.join(dir, n));
}

// run starts the server binary (as nobody when root) and waits for ports.
async function run(name, dir, cmd, args, ports, logs) {
  const argv = asRoot ? ["setpriv", [...UNPRIVILEGED, cmd, ...args]] : [cmd, args];
  const p = spawnGroup(argv[0], argv[1], { cwd: dir });
  const log = () => {
    let text = p.log();
    for (const f of logs) {
      try {
        text += `\n--- ${path.basename(f)}\n` + readFileSync(f, "utf8").slice(-20000);
      } catch {
        // Not written.
      }
    }
    return text;
  };
  try {
    await Promise.all(Object.values(ports).map((port) => waitPort(port, p)));
  } catch (err) {
    await p.stop();
    throw new Error(`servers: ${name} did not start: ${err.message}\n${log()}`);
  }
  return { name, dir, ports, log, stop: p.stop, pid: p.pid };
}

// waitPort resolves once 127.0.0.1:port accepts a connection; it rejects
// when p exits first or after 30 s.
function waitPort(port, p) {
  const end = Date.now() + 30000;
  let exited = null;
  p.exited.then((e) => (exited = e));
  return new Promise((resolve, reject) => {
    const attempt = () => {
      if (exited) return reject(new Error(`exited (${exited.code ?? exited.signal})`));
      const s = net.connect(port, "127.0.0.1");
      s.once("connect", () => {
        s.destroy();
        resolve();
      });
      s.once("error", () => {
        s.destroy();
        if (Date.now() > end) reject(new Error(`port ${port} not open after 30 s`));
        else setTimeout(attempt, 100);
      });
    };
    attempt();
  });
}

// htdigest writes a Digest password file for realm (the format of Apache's
// htdigest, which only asks interactively).
function htdigest(file, realm) {
  const ha1 = createHash("md5").update(`${USER}:${realm}:${PASSWORD}`).digest("hex");
  writeFileSync(file, `${USER}:${realm}:${ha1}\n`);
}

const apacheModules = "/usr/lib/apache2/modules";

// startApache runs Apache 2.4 (the event MPM, a handful of threads).
async function startApache(dir) {
  const root = site(dir);
  htpasswd(path.join(dir, "htpasswd"));
  htdigest(path.join(dir, "htdigest"), "Staff");
  writable(dir, "logs", "run");
  const port = await freePort();
  const mods = [
    "mpm_event", "authz_core", "authz_host", "authz_user", "authn_core", "authn_file", "auth_basic",
    "auth_digest", "auth_form", "session", "session_cookie", "request", "dir", "mime", "autoindex",
  ];
  const formAuth = `AuthType form
  AuthName "Private"
  AuthFormProvider file
  AuthUserFile "${dir}/htpasswd"
  Session On
  SessionCookieName session path=/`;
  const conf = `# Written by dev/e2e/servers/servers.mjs for one test run.
ServerRoot "${dir}"
Listen 127.0.0.1:${port}
ServerName 127.0.0.1
PidFile "${dir}/run/httpd.pid"
ErrorLog "${dir}/logs/error.log"
LogLevel info
Mutex file:${dir}/run default
${mods.map((m) => `LoadModule ${m}_module ${apacheModules}/mod_${m}.so`).join("\n")}
TypesConfig "${dir}/mime.types"
StartServers 1
ServerLimit 1
ThreadsPerChild 8
MaxRequestWorkers 8
MinSpareThreads 1
MaxSpareThreads 8
DocumentRoot "${root}"
DirectoryIndex index.html
<Directory "${root}">
  Options Indexes
  Require all granted
</Directory>
<Location "/basic/">
  AuthType Basic
  AuthName "Staff area"
  AuthBasicProvider file
  AuthUserFile "${dir}/htpasswd"
  Require valid-user
</Location>
<Location "/digest/">
  AuthType Digest
  AuthName "Staff"
  AuthDigestDomain "/digest/"
  AuthDigestProvider file
  AuthUserFile "${dir}/htdigest"
  Require valid-user
</Location>
<Location "/internal/">
  Require ip ${ALLOWED_NET}
</Location>
<Directory "${root}/files">
  Options -Indexes
</Directory>
<Location "/private/">
  ${formAuth}
  Require valid-user
  ErrorDocument 401 /login.html
</Location>
<Location "/dologin.html">
  SetHandler form-login-handler
  ${formAuth}
</Location>
`;
  writeFileSync(path.join(dir, "mime.types"), "text/html html\ntext/plain txt\n");
  writeFileSync(path.join(dir, "httpd.conf"), conf);
  readable(dir);
  return run("apache", dir, programs.apache.bin, ["-f", path.join(dir, "httpd.conf"), "-DFOREGROUND"], { http: port }, [
    path.join(dir, "logs", "error.log"),
  ]);
}

// startNginx runs nginx without a master process (one process, in the
// foreground).
async function startNginx(dir) {
  const root = site(dir);
  htpasswd(path.join(dir, "htpasswd"));
  writable(dir, "logs", "run", "tmp");
  const port = await freePort();
  const conf = `# Written by dev/e2e/servers/servers.mjs for one test run.
daemon off;
master_process off;
worker_processes 1;
pid ${dir}/run/nginx.pid;
error_log ${dir}/logs/error.log info;
events { worker_connections 64; }
http {
  access_log off;
  client_body_temp_path ${dir}/tmp/body;
  proxy_temp_path ${dir}/tmp/proxy;
  fastcgi_temp_path ${dir}/tmp/fastcgi;
  uwsgi_temp_path ${dir}/tmp/uwsgi;
  scgi_temp_path ${dir}/tmp/scgi;
  types { text/html html; text/plain txt; }
  server {
    listen 127.0.0.1:${port};
    server_name localhost;
    root ${root};
    autoindex off;
    location /basic/ { auth_basic "Staff area"; auth_basic_user_file ${dir}/htpasswd; }
    location /internal/ { allow ${ALLOWED_NET}; deny all; }
  }
}
`;
  writeFileSync(path.join(dir, "nginx.conf"), conf);
  readable(dir);
  return run("nginx", dir, programs.nginx.bin, ["-c", path.join(dir, "nginx.conf"), "-e", path.join(dir, "logs", "error.log")], { http: port }, [
    path.join(dir, "logs", "error.log"),
  ]);
}

// startLighttpd runs lighttpd in the foreground.
async function startLighttpd(dir) {
  const root = site(dir);
  htpasswd(path.join(dir, "htpasswd"));
  writable(dir, "logs", "run");
  const port = await freePort();
  const conf = `# Written by dev/e2e/servers/servers.mjs for one test run.
server.modules = ("mod_access", "mod_auth", "mod_authn_file", "mod_dirlisting")
server.document-root = "${root}"
server.bind = "127.0.0.1"
server.port = ${port}
server.errorlog = "${dir}/logs/error.log"
server.pid-file = "${dir}/run/lighttpd.pid"
index-file.names = ("index.html")
mimetype.assign = (".html" => "text/html", ".txt" => "text/plain")
dir-listing.activate = "disable"
auth.backend = "htpasswd"
auth.backend.htpasswd.userfile = "${dir}/htpasswd"
auth.require = ("/basic/" => ("method" => "basic", "realm" => "Staff area", "require" => "valid-user"))
$HTTP["url"] =~ "^/internal/" {
  $HTTP["remote-ip"] != "${ALLOWED_NET}" { url.access-deny = ("") }
}
`;
  writeFileSync(path.join(dir, "lighttpd.conf"), conf);
  readable(dir);
  return run("lighttpd", dir, programs.lighttpd.bin, ["-D", "-f", path.join(dir, "lighttpd.conf")], { http: port }, [
    path.join(dir, "logs", "error.log"),
  ]);
}

// startSquid runs squid in the foreground with two ports: "signin" asks
// every client for a Basic proxy sign-in, "refuse" refuses every request.
// It has no disk cache and never resolves a name before the sign-in, so
// the made-up host names the tests ask for stay on this machine.
async function startSquid(dir) {
  htpasswd(path.join(dir, "htpasswd"));
  writable(dir, "logs", "run");
  const signin = await freePort();
  const refuse = await freePort();
  const conf = `# Written by dev/e2e/servers/servers.mjs for one test run.
http_port 127.0.0.1:${signin} name=signin
http_port 127.0.0.1:${refuse} name=refuse
pid_filename ${dir}/run/squid.pid
cache_log ${dir}/logs/cache.log
access_log none
cache_store_log none
netdb_filename none
coredump_dir ${dir}/run
cache deny all
cache_mem 8 MB
shutdown_lifetime 0 seconds
visible_hostname proxy.example.test
dns_nameservers 127.0.0.1
auth_param basic program /usr/lib/squid/basic_ncsa_auth ${dir}/htpasswd
auth_param basic children 1 startup=1 idle=1
auth_param basic realm Staff proxy
acl refuseport myportname refuse
acl signedin proxy_auth REQUIRED
http_access deny refuseport
http_access deny !signedin
http_access allow signedin
http_access deny all
`;
  writeFileSync(path.join(dir, "squid.conf"), conf);
  readable(dir);
  // -n: a service name of its own, so that its shared memory segments do
  // not collide with another squid on the machine.
  return run("squid", dir, programs.squid.bin, ["-N", "-n", `sesame${signin}`, "-f", path.join(dir, "squid.conf")], { signin, refuse }, [
    path.join(dir, "logs", "cache.log"),
  ]);
}

// startPython runs Python's http.server (the standard library's file
// server) on a folder holding a sub-folder it may enter but not read.
async function startPython(dir) {
  const root = site(dir);
  mkdirSync(path.join(root, "secret"));
  writeFileSync(path.join(root, "secret", "a.txt"), "a file in a folder the server may not list\n");
  const port = await freePort();
  readable(dir);
  chmodSync(path.join(root, "secret"), 0o311);
  return run("python", root, programs.python.bin, ["-m", "http.server", String(port), "--bind", "127.0.0.1"], { http: port }, []);
}

// startTinyproxy runs Tinyproxy in the foreground, allowing only a network
// the tests are not on.
async function startTinyproxy(dir) {
  const refuse = await freePort();
  const conf = `# Written by dev/e2e/servers/servers.mjs for one test run.
Port ${refuse}
Listen 127.0.0.1
Timeout 30
MaxClients 10
LogLevel Notice
Allow ${ALLOWED_NET}
`;
  writeFileSync(path.join(dir, "tinyproxy.conf"), conf);
  readable(dir);
  return run("tinyproxy", dir, programs.tinyproxy.bin, ["-d", "-c", path.join(dir, "tinyproxy.conf")], { refuse }, []);
}
