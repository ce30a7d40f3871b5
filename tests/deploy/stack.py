"""The production stack of deploy/, started for tests/deploy and bench/nginx.py: nginx (Debian's
package; deploy/nginx/portal.conf and portal-proxy.conf as shipped, only their ports and paths
replaced) in front of gunicorn under portal.settings.production. Every process runs in the
foreground on a free high port, every file lives under one temporary directory, removed after."""

import http.client
import os
import re
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
PROD_HOST = "chuyendoiso.example.vn"
START_TIMEOUT = 30


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port, process, log):
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"exited with {process.returncode}:\n{Path(log).read_text()[-3000:]}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing listens on {port} after {START_TIMEOUT} s:\n{Path(log).read_text()[-3000:]}")


def render(text, replacements, name):
    """`text` with each key replaced; a key that is not there fails, so that the test never runs
    a configuration that silently differs from the shipped one."""
    for old, new in replacements.items():
        if old not in text:
            raise AssertionError(f"{name} no longer contains {old!r}: update tests/deploy/conftest.py")
        text = text.replace(old, new)
    return text


class Response:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, headers, body

    @property
    def text(self):
        return self.body.decode("utf-8", "replace")

    @property
    def cache(self):
        return self.headers.get("X-Cache-Status")


class Stack:
    def __init__(self, tmp, ports, env):
        self.tmp, self.ports, self.env = tmp, ports, env
        self.processes = []
        self.tls = ssl.create_default_context()
        self.tls.check_hostname = False
        self.tls.verify_mode = ssl.CERT_NONE

    @property
    def media_root(self):
        return self.tmp / "media"

    def request(self, path, method="GET", cookies=None, headers=None, body=None):
        """A request to nginx's public server over TLS, as a browser at https://localhost:<port> makes it."""
        connection = http.client.HTTPSConnection("127.0.0.1", self.ports["https"], context=self.tls, timeout=30)
        sent = {"Host": f"localhost:{self.ports['https']}", **(headers or {})}
        if cookies:
            sent["Cookie"] = "; ".join(f"{name}={value}" for name, value in cookies.items())
        try:
            connection.request(method, path, body=body, headers=sent)
            response = connection.getresponse()
            return Response(response.status, response.headers, response.read())
        finally:
            connection.close()

    def gunicorn_request(self, path):
        """A request to gunicorn itself, past nginx, as nginx makes it."""
        connection = http.client.HTTPConnection("127.0.0.1", self.ports["gunicorn"], timeout=30)
        try:
            connection.request("GET", path, headers={"Host": "localhost", "X-Forwarded-Proto": "https"})
            response = connection.getresponse()
            return Response(response.status, response.headers, response.read())
        finally:
            connection.close()

    def gunicorn_requests(self, path):
        """How many requests for `path` reached gunicorn. Its one sync worker answers a request at
        a time, so once it has answered this direct /healthz, every earlier request is logged."""
        connection = http.client.HTTPConnection("127.0.0.1", self.ports["gunicorn"], timeout=30)
        connection.request("GET", "/healthz", headers={"Host": "localhost", "X-Forwarded-Proto": "https"})
        connection.getresponse().read()
        connection.close()
        log = (self.tmp / "gunicorn-access.log").read_text()
        return len(re.findall(rf'"(?:GET|HEAD|POST) {re.escape(path)} HTTP', log))

    def manage(self, *args):
        """manage.py under the stack's production settings; its output, or the failure."""
        result = subprocess.run(
            [sys.executable, "manage.py", *args], cwd=ROOT, env=self.env, capture_output=True, text=True, timeout=120
        )
        if result.returncode != 0:
            raise AssertionError(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
        return result.stdout

    def start(self, name, command):
        log = self.tmp / f"{name}.log"
        process = subprocess.Popen(
            command, cwd=ROOT, env=self.env, stdout=log.open("w"), stderr=subprocess.STDOUT, start_new_session=True
        )
        self.processes.append(process)
        return process, log

    def stop(self):
        for process in reversed(self.processes):
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def database_url(settings_dict):
    from urllib.parse import quote

    user = quote(settings_dict.get("USER") or "", safe="")
    password = quote(settings_dict.get("PASSWORD") or "", safe="")
    credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = settings_dict.get("HOST") or "127.0.0.1"
    port = settings_dict.get("PORT") or 5432
    return f"postgres://{credentials}{host}:{port}/{settings_dict['NAME']}"


def nginx_configuration(tmp, ports, workers=1):
    """deploy/nginx/portal.conf and portal-proxy.conf with the test's ports and paths, in a main
    nginx.conf that keeps everything under `tmp`."""
    site = render(
        (DEPLOY / "nginx" / "portal.conf").read_text(),
        {
            "server 127.0.0.1:8000;": f"server 127.0.0.1:{ports['gunicorn']};",
            "/var/cache/nginx/portal ": f"{tmp}/cache ",
            "listen 80;": f"listen 127.0.0.1:{ports['http']};",
            "listen [::]:80;": "",
            "listen 443 ssl http2;": f"listen 127.0.0.1:{ports['https']} ssl http2;",
            "listen [::]:443 ssl http2;": "",
            "listen 127.0.0.1:8081;": f"listen 127.0.0.1:{ports['purge']};",
            f"server_name {PROD_HOST};": "server_name localhost;",
            f"/etc/letsencrypt/live/{PROD_HOST}/fullchain.pem": f"{tmp}/tls.crt",
            f"/etc/letsencrypt/live/{PROD_HOST}/privkey.pem": f"{tmp}/tls.key",
            "/var/www/letsencrypt": f"{tmp}/acme",
            "alias /srv/portal/staticfiles/;": f"alias {tmp}/static/;",
            "alias /srv/portal/media/;": f"alias {tmp}/media/;",
            "include snippets/portal-proxy.conf;": f"include {tmp}/portal-proxy.conf;",
        },
        "deploy/nginx/portal.conf",
    )
    (tmp / "portal.conf").write_text(site)
    shutil.copy(DEPLOY / "nginx" / "portal-proxy.conf", tmp / "portal-proxy.conf")
    user = "user root root;\n" if os.geteuid() == 0 else ""
    temp_paths = "".join(
        f"    {kind}_temp_path {tmp}/temp/{kind};\n" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    main = (
        f"{user}daemon off;\nworker_processes {workers};\npid {tmp}/nginx.pid;\nerror_log {tmp}/nginx-error.log warn;\n"
        "events { worker_connections 256; }\n"
        "http {\n    include /etc/nginx/mime.types;\n    default_type application/octet-stream;\n"
        f"    sendfile on;\n    access_log {tmp}/nginx-access.log;\n{temp_paths}"
        f"    include {tmp}/portal.conf;\n}}\n"
    )
    (tmp / "nginx.conf").write_text(main)
    for directory in ("temp", "cache", "acme", "static", "media"):
        (tmp / directory).mkdir(exist_ok=True)


@contextmanager
def running_stack(nginx, *, database_url, secret_key, redis_url=None, gunicorn_workers=1, nginx_workers=1):
    """nginx and gunicorn running on `database_url` (a seeded database); yields the Stack."""
    tmp = Path(tempfile.mkdtemp(prefix="portal-nginx-"))
    ports = {name: free_port() for name in ("gunicorn", "http", "https", "purge")}
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "SECRET_KEY": secret_key,
        "ALLOWED_HOSTS": "localhost,127.0.0.1",
        "DATABASE_URL": database_url,
        "CACHE_KEY_PREFIX": f"deploy-test-{os.getpid()}",
        "STATIC_ROOT": str(tmp / "static"),
        "MEDIA_ROOT": str(tmp / "media"),
        "SECURE_PROXY_SSL_HEADER": "1",
        "SECURE_HSTS_SECONDS": "0",
        "TRUSTED_PROXIES": "127.0.0.1",
        "FRONTEND_CACHE_PURGE_URL": f"http://127.0.0.1:{ports['purge']}/refresh",
        "EMAIL_URL": "dummy://",
        "LOG_LEVEL": "WARNING",
        "ELASTICSEARCH_URL": "",
    }
    env.pop("DEBUG", None)
    env.pop("REDIS_URL", None)
    if redis_url:
        env["REDIS_URL"] = redis_url
    stack = Stack(tmp, ports, env)
    try:
        subprocess.run(
            ["openssl", "req", "-x509", "-nodes", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
             "-keyout", str(tmp / "tls.key"), "-out", str(tmp / "tls.crt"), "-days", "1", "-subj", "/CN=localhost"],
            check=True, capture_output=True,
        )  # fmt: skip
        nginx_configuration(tmp, ports, nginx_workers)
        stack.manage("collectstatic", "--noinput", "-v", "0")
        gunicorn, gunicorn_log = stack.start(
            "gunicorn",
            [sys.executable, "-m", "gunicorn", "portal.wsgi", "--bind", f"127.0.0.1:{ports['gunicorn']}",
             "--workers", str(gunicorn_workers), "--access-logfile", str(tmp / "gunicorn-access.log"),
             "--forwarded-allow-ips", "127.0.0.1"],
        )  # fmt: skip
        nginx_process, nginx_log = stack.start("nginx", [nginx, "-p", str(tmp), "-c", str(tmp / "nginx.conf")])
        wait_for_port(ports["https"], nginx_process, nginx_log)
        wait_for_port(ports["purge"], nginx_process, nginx_log)
        wait_for_port(ports["gunicorn"], gunicorn, gunicorn_log)
        yield stack
    finally:
        stack.stop()
        shutil.rmtree(tmp, ignore_errors=True)
