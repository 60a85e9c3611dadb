"""The shipped nginx configuration (deploy/nginx/) run in front of a test's dashboard: the same files,
with only the ports, the certificate and the app's port swapped, on a throwaway self-signed certificate."""
from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator
from urllib.parse import urlsplit

from ipmonitor.paths import PROJECT_ROOT

DEPLOY_DIR = PROJECT_ROOT / "deploy" / "nginx"
SERVER_FILE = DEPLOY_DIR / "ipmonitor.conf"
# A name that is neither localhost nor an address of this machine, which Streamlit would accept as an
# origin whatever the Host header said: through it the test proves that nginx passes Host as the browser
# wrote it. The browser resolves it to the loopback (--host-resolver-rules); the certificate names it.
TEST_HOST = "ipmonitor.test"
ACCESS_LOG_FIELDS = ("status", "method", "uri", "request_length", "upstream")


@dataclass(frozen=True)
class Front:
    """nginx in front of the app: its HTTPS and HTTP ports, and where it logs."""
    https_port: int
    http_port: int
    folder: Path

    @property
    def url(self) -> str:
        return f"https://{TEST_HOST}:{self.https_port}"

    def error_log(self) -> str:
        return (self.folder / "error.log").read_text()

    def access_log(self) -> list[dict[str, str]]:
        """One entry per request nginx answered: status, method, uri, request_length (bytes received,
        body included) and upstream (the app's address when the request was passed on, else "-")."""
        return [dict(zip(ACCESS_LOG_FIELDS, line.split())) for line in
                (self.folder / "access.log").read_text().splitlines()]

    def logged(self, wanted: Callable[[dict[str, str]], bool], seconds: float = 30) -> list[dict[str, str]]:
        """The access log's entries for which `wanted` holds, once there is at least one (or after
        `seconds`). nginx writes a request's line when it finishes the request, which can come after
        the client has read the answer: reading the log at once would race that write."""
        deadline = time.monotonic() + seconds
        while True:
            entries = [entry for entry in self.access_log() if wanted(entry)]
            if entries or time.monotonic() > deadline:
                return entries
            time.sleep(0.1)


def nginx_executable() -> str | None:
    """Debian's nginx, on PATH or in /usr/sbin (not on a non-root user's PATH)."""
    return shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/usr/local/sbin")


def make_certificate(folder: Path) -> tuple[Path, Path]:
    """A self-signed certificate for TEST_HOST and 127.0.0.1, valid for a day."""
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
         "-keyout", str(key), "-out", str(cert), "-days", "1", "-subj", f"/CN={TEST_HOST}",
         "-addext", f"subjectAltName=DNS:{TEST_HOST},IP:127.0.0.1"],
        check=True, capture_output=True)
    return cert, key


def render_server(text: str, *, https_port: int, http_port: int, app_port: int, cert: Path, key: Path) -> str:
    """The shipped server file with the test's ports and certificate. Every line swapped must be found
    exactly once, so that a change to the shipped file fails here instead of testing something else."""
    swaps = [
        (r"^(\s*)listen 80;$", rf"\g<1>listen 127.0.0.1:{http_port};"),
        (r"^(\s*)listen 443 ssl http2;$", rf"\g<1>listen 127.0.0.1:{https_port} ssl http2;"),
        # This machine may have no IPv6; the loopback on IPv4 is enough for the test.
        (r"^\s*listen \[::\]:80;\n", ""),
        (r"^\s*listen \[::\]:443 ssl http2;\n", ""),
        (r"^(\s*)server 127\.0\.0\.1:8501;$", rf"\g<1>server 127.0.0.1:{app_port};"),
        (r"^(\s*ssl_certificate\s+)/etc/ssl/ipmonitor/fullchain\.pem;$", rf"\g<1>{cert};"),
        (r"^(\s*ssl_certificate_key\s+)/etc/ssl/ipmonitor/privkey\.pem;$", rf"\g<1>{key};"),
    ]
    for pattern, replacement in swaps:
        text, count = re.subn(pattern, replacement, text, flags=re.MULTILINE)
        assert count == 1, f"{SERVER_FILE.name}: expected one line matching {pattern!r}, found {count}"
    return text


def render_main(folder: Path, as_root: bool) -> str:
    """The main nginx.conf of the test's nginx: everything it writes stays in `folder`."""
    # pytest's temporary folders are private to their owner (0700), so as root the workers must run
    # as root to write their temporary files there; as another user nginx cannot switch users anyway.
    user = "user root;\n" if as_root else ""
    temp = "\n".join(f"    {name}_temp_path {folder / name};" for name in ("client_body", "proxy", "fastcgi",
                                                                             "uwsgi", "scgi"))
    return (f"{user}worker_processes 1;\n"
            f"error_log {folder / 'error.log'} warn;\n"
            "events { worker_connections 256; }\n"
            "http {\n"
            "    log_format test '$status $request_method $uri $request_length $upstream_addr';\n"
            f"    access_log {folder / 'access.log'} test;\n"
            f"{temp}\n"
            # The shipped server file, as Debian's nginx.conf includes sites-enabled/*.
            f"    include {folder / 'ipmonitor.conf'};\n"
            "}\n")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def running_nginx(folder: Path, app_url: str) -> Iterator[Front]:
    """nginx with the shipped configuration in front of `app_url`; stopped after."""
    executable = nginx_executable()
    assert executable, "nginx is not installed"
    folder.mkdir(parents=True, exist_ok=True)
    cert, key = make_certificate(folder)
    # The shipped files include one another as snippets/…, relative to nginx's configuration folder:
    # here that folder is `folder`, and snippets/ is the shipped deploy/nginx itself, not a copy.
    (folder / "snippets").symlink_to(DEPLOY_DIR, target_is_directory=True)
    front = Front(https_port=_free_port(), http_port=_free_port(), folder=folder)
    (folder / "ipmonitor.conf").write_text(render_server(
        SERVER_FILE.read_text(), https_port=front.https_port, http_port=front.http_port,
        app_port=urlsplit(app_url).port, cert=cert, key=key))
    (folder / "nginx.conf").write_text(render_main(folder, as_root=os.geteuid() == 0))
    command = [executable, "-p", str(folder), "-c", str(folder / "nginx.conf"), "-e", str(folder / "error.log")]
    checked = subprocess.run([*command, "-t", "-q"], capture_output=True, text=True)
    assert checked.returncode == 0, f"nginx -t refused the shipped configuration:\n{checked.stderr}"
    server = subprocess.Popen([*command, "-g", f"daemon off; pid {folder / 'nginx.pid'};"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", front.https_port), timeout=1).close()
                break
            except OSError:
                assert server.poll() is None, "nginx stopped:\n" + front.error_log()
                assert time.monotonic() < deadline, "nginx did not start:\n" + front.error_log()
                time.sleep(0.1)
        yield front
    finally:
        server.terminate()  # SIGTERM: nginx's fast shutdown, workers included
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
