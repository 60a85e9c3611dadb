"""The dashboard behind the shipped nginx configuration (deploy/nginx/), over TLS: the security headers,
the closed Streamlit routes, the upload limit at the proxy, and every page in headless Chromium with
its Content-Security-Policy, the WebSocket, a download and an upload working."""
from __future__ import annotations

import base64
import hashlib
import http.client
import re
import ssl
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect, sync_playwright

from ipmonitor.i18n import t
from tests.e2e.conftest import CHROMIUM_ARGS, chromium_executable, dashboard_with_analyst, sign_in_as_analyst
from tests.e2e.nginx_front import TEST_HOST, Front, nginx_executable, running_nginx
from tests.e2e.test_data_page_in_browser import choose_language, wait_until_idle
from ui.page_registry import viewing_pages

pytestmark = pytest.mark.skipif(
    nginx_executable() is None,
    reason="nginx is not installed: `make test` installs Debian's package (or: apt-get install nginx)")

PASSWORD = "mat-khau-dai-du"
# The app's upload limit (server.maxUploadSize, 20 MB): Streamlit refuses a longer request body at once,
# and so does nginx (client_max_body_size on the uploader's route).
UPLOAD_LIMIT = 20 * 1024 * 1024
# The key of the title each viewing page shows, by file (the Presentation page shows its first screen's
# indicator, so only a heading is checked there, as on a page missing here).
PAGE_TITLES = {"pages/overview.py": "overview.title", "pages/trajectories.py": "trajectories.title",
               "pages/what_if.py": "scenario.title", "pages/by_type.py": "by_type.title",
               "pages/tasks.py": "tasks_page.title", "pages/yearly_reports.py": "reports_page.title",
               "pages/data.py": "data.title", "pages/method.py": "method_page.title"}
# Every page a viewer follows the plan on, by address, with the key of its title.
VIEWER_PAGES = [(f"/{page.url_path}", PAGE_TITLES.get(page.file)) for page in viewing_pages()]
# The test's certificate is self-signed.
UNVERIFIED = ssl.create_default_context()
UNVERIFIED.check_hostname, UNVERIFIED.verify_mode = False, ssl.CERT_NONE
CSP_REPORTER = """document.addEventListener('securitypolicyviolation', event =>
    console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI}`
                  + ` at ${event.sourceFile}:${event.lineNumber}`));"""


@pytest.fixture(scope="module")
def browser():
    """Debian's chromium, as conftest's, which also resolves the test's host name to the loopback."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_executable(),
            args=[*CHROMIUM_ARGS, f"--host-resolver-rules=MAP {TEST_HOST} 127.0.0.1"])
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def served(initialised_template: Path, tmp_path_factory: pytest.TempPathFactory, browser):
    """The app (with the analyst "lan") and, in front of it, nginx with the shipped configuration."""
    folder = tmp_path_factory.mktemp("e2e-proxy")
    with dashboard_with_analyst(initialised_template, folder, browser, PASSWORD) as app_url:
        with running_nginx(folder / "nginx", app_url) as front:
            yield app_url, front


@pytest.fixture(scope="module")
def front(served) -> Front:
    return served[1]


def ask(front: Front, path: str, method: str = "GET", headers: dict | None = None,
        body: bytes | None = None, https: bool = True) -> http.client.HTTPResponse:
    """One request to nginx, as a browser at https://ipmonitor.test:<port> sends it; the answer read."""
    if https:
        connection = http.client.HTTPSConnection("127.0.0.1", front.https_port, timeout=30, context=UNVERIFIED)
        host = f"{TEST_HOST}:{front.https_port}"
    else:
        connection = http.client.HTTPConnection("127.0.0.1", front.http_port, timeout=30)
        host = f"{TEST_HOST}:{front.http_port}"
    connection.request(method, path, body=body, headers={"Host": host, **(headers or {})})
    answer = connection.getresponse()
    answer.body = answer.read()
    connection.close()
    return answer


def assert_security_headers(answer: http.client.HTTPResponse) -> None:
    """The headers of deploy/nginx/ipmonitor-security-headers.conf, each sent once."""
    single = {name: answer.headers.get_all(name) for name in (
        "Strict-Transport-Security", "X-Frame-Options", "X-Content-Type-Options", "Referrer-Policy",
        "Permissions-Policy", "Content-Security-Policy")}
    assert all(values is not None and len(values) == 1 for values in single.values()), single
    assert re.fullmatch(r"max-age=(\d+); includeSubDomains", answer.headers["Strict-Transport-Security"])
    assert int(answer.headers["Strict-Transport-Security"].split(";")[0].split("=")[1]) >= 31536000
    assert answer.headers["X-Frame-Options"] == "DENY"
    assert answer.headers["X-Content-Type-Options"] == "nosniff"
    assert answer.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "camera=()" in answer.headers["Permissions-Policy"]
    csp = dict(directive.strip().split(" ", 1) for directive in answer.headers["Content-Security-Policy"].split(";"))
    assert csp["frame-ancestors"] == "'none'"
    assert csp["default-src"] == "'self'" and csp["object-src"] == "'none'"
    assert "'unsafe-eval'" not in answer.headers["Content-Security-Policy"]
    assert "'unsafe-inline'" not in csp["script-src"]
    # No version number in the Server header.
    assert answer.headers["Server"] == "nginx"


def test_the_front_page_a_static_asset_and_an_error_carry_every_security_header(front):
    page = ask(front, "/")
    assert page.status == 200
    assert_security_headers(page)
    script = re.search(rb'src="\./(static/js/index\.[^"]+\.js)"', page.body).group(1).decode()
    asset = ask(front, "/" + script)
    assert asset.status == 200 and "javascript" in asset.headers["Content-Type"]
    assert_security_headers(asset)
    assert_security_headers(ask(front, "/_stcore/metrics"))  # nginx's own 404 carries them too


def test_the_inline_script_of_streamlits_page_is_the_one_the_policy_allows(front):
    """Its hash is in script-src: a Streamlit upgrade that changes the script must change the policy."""
    page = ask(front, "/")
    inline = re.findall(rb"<script>(.*?)</script>", page.body, re.DOTALL)
    hashes = {"'sha256-" + base64.b64encode(hashlib.sha256(script).digest()).decode() + "'" for script in inline}
    allowed = set(page.headers["Content-Security-Policy"].split("script-src ")[1].split(";")[0].split())
    assert hashes <= allowed, f"put {hashes - allowed} in deploy/nginx/ipmonitor-security-headers.conf"


def test_metrics_and_the_routes_the_browser_does_not_use_are_closed_at_the_proxy(served):
    app_url, front = served
    # Streamlit itself answers them (nothing in Streamlit 1.67 turns the metrics off) ...
    direct = http.client.HTTPConnection("127.0.0.1", int(app_url.rsplit(":", 1)[1]), timeout=10)
    direct.request("GET", "/_stcore/metrics")
    assert direct.getresponse().status == 200
    direct.close()
    # ... nginx does not, however the address is written.
    for path in ("/_stcore/metrics", "/_stcore/metrics/", "/_stcore//metrics", "/_stcore/%6Detrics",
                 "/_stcore/metrics?families=session_events", "/_stcore/agent/openapi.json",
                 "/_stcore/agent/mcp", "/_stcore/script-health-check", "/_stcore/bidi-components/x.js"):
        answer = ask(front, path)
        assert answer.status == 404, (path, answer.status)
        assert b"session" not in answer.body and b"# TYPE" not in answer.body, path


def test_the_routes_the_page_needs_answer_through_the_proxy(front):
    health = ask(front, "/_stcore/health")
    assert (health.status, health.body) == (200, b"ok")
    assert ask(front, "/_stcore/host-config").status == 200
    assert ask(front, "/lo-trinh").status == 200


def test_plain_http_is_sent_to_https(front):
    answer = ask(front, "/lo-trinh?lang=en", https=False)
    assert answer.status == 301
    assert answer.headers["Location"] == f"https://{TEST_HOST}/lo-trinh?lang=en"
    assert answer.headers["Server"] == "nginx"


def test_an_upload_over_the_limit_is_refused_by_the_proxy_and_one_within_it_reaches_the_app(front):
    route = "/_stcore/upload_file/session/file"
    declared = http.client.HTTPSConnection("127.0.0.1", front.https_port, timeout=30, context=UNVERIFIED)
    # Refused on the declared length alone: not one byte of the body needs to be sent.
    declared.putrequest("PUT", route, skip_host=True)
    declared.putheader("Host", f"{TEST_HOST}:{front.https_port}")
    declared.putheader("Content-Length", str(UPLOAD_LIMIT + 1))
    declared.endheaders()
    answer = declared.getresponse()
    assert answer.status == 413
    declared.close()
    # A body sent in chunks, with no length declared, is cut off once it passes the limit.
    chunks = (b"x" * 1024 * 1024 for _ in range(UPLOAD_LIMIT // (1024 * 1024) + 1))
    assert ask(front, route, "PUT", body=chunks).status == 413
    # A body of the limit's size is passed on to Streamlit (which refuses it for its own reason, no XSRF
    # token, and may close the connection before reading it all: nginx then answers 502).
    within = ask(front, route, "PUT", {"Content-Type": "application/octet-stream"}, body=b"x" * UPLOAD_LIMIT)
    assert within.status != 413
    passed = front.logged(lambda entry: entry["uri"] == route and entry["status"] != "413")
    assert len(passed) == 1 and passed[0]["upstream"].startswith("127.0.0.1:"), passed
    assert int(passed[0]["request_length"]) > UPLOAD_LIMIT
    # Elsewhere a body over 1 MB is refused: the pages send none.
    assert ask(front, "/", "POST", body=b"x" * (1024 * 1024 + 1)).status == 413


def open_watched_page(browser, **options):
    """A page over the test's TLS (its certificate is our own) whose console lines, Content-Security-Policy
    violations included, are collected in the returned list."""
    context = browser.new_context(ignore_https_errors=True, viewport={"width": 1400, "height": 1000}, **options)
    context.add_init_script(CSP_REPORTER)
    page = context.new_page()
    page.set_default_timeout(30_000)
    messages: list[str] = []
    page.on("console", lambda message: messages.append(f"{message.type}: {message.text}"))
    return context, page, messages


def policy_complaints(messages: list[str]) -> list[str]:
    """The console's reports of a blocked load or a header the browser could not read."""
    return [message for message in messages
            if any(word in message for word in ("Content Security Policy", "CSP violation", "Permissions-Policy"))]


def open_and_check(page: Page, front: Front, path: str, title: str | None) -> None:
    page.goto(front.url + path)
    if title is None:
        expect(page.locator("h1").first).to_be_visible()
    else:
        expect(page.get_by_role("heading", name=title, exact=True)).to_be_visible()
    wait_until_idle(page)


def test_every_page_renders_through_the_proxy_with_no_policy_violation(served, browser):
    _, front = served
    context, page, messages = open_watched_page(browser, accept_downloads=True)
    try:
        for path, key in VIEWER_PAGES:
            open_and_check(page, front, path, t(key, "vi") if key else None)
        # The WebSocket works both ways: a control changes the address and the page reruns.
        open_and_check(page, front, "/lo-trinh", t("trajectories.title", "vi"))
        chart = page.locator(".js-plotly-plot").first
        expect(chart).to_be_visible()
        # Plotly's own camera button draws the chart into an image in the page (blob: and data: images).
        chart.hover()
        with page.expect_download() as camera:
            chart.locator(".modebar-btn").first.click()
        assert camera.value.path().read_bytes().startswith(b"\x89PNG")
        page.locator("label").filter(has_text="Bảng").click()
        page.wait_for_url("**view=table**")
        expect(page.get_by_test_id("stDataFrame").first).to_be_visible()
        # English through the language switch, and a page with formulas (KaTeX's fonts).
        choose_language(page, "English")
        expect(page.get_by_role("heading", name=t("trajectories.title", "en"), exact=True)).to_be_visible()
        open_and_check(page, front, "/phuong-phap?lang=en", t("method_page.title", "en"))
        expect(page.locator(".katex").first).to_be_visible()
        open_and_check(page, front, "/?lang=en", t("overview.title", "en"))
        # A download built on the server comes through /media/.
        open_and_check(page, front, "/du-lieu", t("data.title", "vi"))
        with page.expect_download() as download:
            page.get_by_role("button", name="Tải CSV").click()
        assert download.value.path().read_bytes().startswith(b"\xef\xbb\xbf")
        page.screenshot(path=str(front.folder / "through-the-proxy.png"), full_page=False)
    finally:
        context.close()
    assert not policy_complaints(messages), "\n".join(policy_complaints(messages))


def test_an_analyst_signs_in_and_uploads_a_file_through_the_proxy(front, browser, tmp_path):
    context, page, messages = open_watched_page(browser)
    try:
        sign_in_as_analyst(page, front.url, PASSWORD)
        wait_until_idle(page)
        page.get_by_test_id("stSidebarNav").get_by_role("link", name=t("nav.upload", "vi")).click()
        expect(page.get_by_role("heading", name=t("upload.title", "vi"), exact=True)).to_be_visible()
        wait_until_idle(page)
        upload = tmp_path / "so-lieu.csv"
        upload.write_text("Năm,Loại đối tượng,Chỉ tiêu,Địa bàn,Giá trị,Nguồn\n"
                          "2020,Nhãn hiệu,Số đơn đăng ký,Thành phố Cần Thơ (cũ),chín trăm,illustrative-2026\n",
                          encoding="utf-8")
        page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(upload)
        # The file reached the app through /_stcore/upload_file (with Streamlit's XSRF check) and was read.
        expect(page.get_by_text("Tệp «so-lieu.csv» có 1 lỗi", exact=False)).to_be_visible()
        wait_until_idle(page)
    finally:
        context.close()
    assert not policy_complaints(messages), "\n".join(policy_complaints(messages))
