"""Chart images (PNG at 2x and more, SVG) through kaleido 1.x driving Debian's Chromium.

Starting Chromium costs seconds; a render in a browser already open costs a fraction of one
(bench/bench_exports.py measures both). So the first image of a process starts one kaleido server, a
browser with two tabs on its own event loop in a daemon thread, and every later image reuses it;
renders asked for at the same time (a report, several sessions) share the tabs in turn. The server is
closed when the process exits, or by `stop_image_server()`. A server whose browser died or hung is
dropped, and the next image starts a new one. `warm_image_server()` starts it in the background, so that
a page with a document button or a command that will draw charts does not make its reader wait for
Chromium to start at the moment they ask.

We run our own loop rather than kaleido's `start_sync_server()`: that one waits forever on a server
whose browser failed to start, where a page needs a clear message. Kaleido is imported on first use,
so that the pages which never make an image do not pay for it.
"""
from __future__ import annotations

import asyncio
import atexit
import hashlib
import json
import logging
import os
import shutil
import threading
import warnings
from collections import OrderedDict
from concurrent.futures import Future, TimeoutError as FutureTimeout
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Iterator, Sequence

from ipmonitor.i18n import t

if TYPE_CHECKING:  # only for annotations: warming the server early must not wait for Plotly's import
    import plotly.graph_objects as go

_LOG = logging.getLogger("ipmonitor.chart_images")

# Where Chromium is looked for, first match wins: the project's variable, kaleido's own, then Debian's.
CHROMIUM_ENV_VARS = ("CHROMIUM_PATH", "BROWSER_PATH")
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
DEBIAN_CHROMIUM = Path("/usr/bin/chromium")
DEFAULT_WIDTH, DEFAULT_HEIGHT = 1000, 560   # pixels at scale 1, when the figure sets none
START_TIMEOUT = 60.0                        # a cold Chromium on a busy 2-core machine takes 2-5 s
RENDER_TIMEOUT = 60.0
CLOSE_TIMEOUT = 20.0                        # choreographer waits up to 9 s for a browser that will not quit
# Two tabs: a report's charts drawn two at a time take about 20% less time on this 2-core machine
# than one after the other (bench/bench_exports.py); more tabs only cost memory.
TABS = 2
# kaleido reloads a tab (plotly.js parsed again) after every image, which took more than half of a
# report's chart time here (bench/bench_exports.py). Plotly's toImage draws into an element of its own and
# removes it, so a tab is reloaded only after this many images, to bound whatever a page might keep.
RELOAD_EVERY = 40
# A report's charts are kept by content for the server's life: the annual report of 2025 and the mid-term
# review draw the same 19, and so does every method. A 2x chart is about 0.2 MB.
PNG_CACHE_ENTRIES = 64
# ...and kept on disk by content (`start_pngs(keep_in=...)`, a folder beside the database), so that the
# next process asked for the same report (the command line again, the app after a restart) starts no
# browser at all. The newest files are kept, about 50 MB.
KEPT_PNG_FILES = 256
_PNG_SIGNATURE, _PNG_END = b"\x89PNG\r\n\x1a\n", b"IEND\xaeB`\x82"


class ImagesUnavailable(RuntimeError):
    """No chart image could be made; `reason` (chromium_missing, chromium_failed) names why."""

    def __init__(self, reason: str, **params: Any) -> None:
        super().__init__(f"{reason}: {params}")
        self.reason = reason
        self.params = params

    def message(self, lang: str) -> str:
        """What to tell the reader, in their language."""
        return t(f"report.images_{self.reason}", lang, **self.params)


def find_chromium() -> Path | None:
    """$CHROMIUM_PATH, $BROWSER_PATH, /usr/bin/chromium, or a chromium on PATH; None if none is there."""
    for variable in CHROMIUM_ENV_VARS:
        if os.environ.get(variable):
            path = Path(os.environ[variable])
            return path if path.is_file() else None
    if DEBIAN_CHROMIUM.is_file():
        return DEBIAN_CHROMIUM
    for name in CHROMIUM_NAMES:
        if found := shutil.which(name):
            return Path(found)
    return None


def missing_chromium() -> ImagesUnavailable | None:
    """The refusal every image meets when no Chromium is found (naming where it was looked for), or None
    when one is: a page says it beside the buttons it disables."""
    if find_chromium() is not None:
        return None
    wanted = next((os.environ[v] for v in CHROMIUM_ENV_VARS if os.environ.get(v)), str(DEBIAN_CHROMIUM))
    return ImagesUnavailable("chromium_missing", path=wanted)


class ImageServer:
    """One headless Chromium driven by kaleido, on an event loop of its own thread."""

    def __init__(self, chromium: Path) -> None:
        self.chromium = chromium
        self.renders = 0
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="kaleido-server", daemon=True)
        self._thread.start()
        try:
            self._kaleido = self._run(self._open(), START_TIMEOUT)
        except BaseException:
            self._stop_loop()
            raise

    async def _open(self) -> Any:
        # mathjax=False: it would be fetched from a CDN, and no chart here uses LaTeX.
        browser = _kaleido_keeping_tabs()(path=str(self.chromium), mathjax=False, timeout=RENDER_TIMEOUT, n=TABS)
        await browser.open()
        return browser

    def _run(self, coroutine: Any, timeout: float) -> Any:
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result(timeout)

    def render(self, figure: go.Figure | dict, opts: dict[str, Any]) -> bytes:
        """The image bytes of one figure; `opts` holds kaleido's format, width, height and scale."""
        return self.render_many([(figure, opts)])[0]

    def render_many(self, jobs: Sequence[tuple[go.Figure | dict, dict[str, Any]]]) -> list[bytes]:
        """The images of several (figure, opts), drawn at the same time in the server's tabs, in order."""
        return list(self.collect(self.submit(jobs)))

    def submit(self, jobs: Sequence[tuple[go.Figure | dict, dict[str, Any]]]) -> list[Future]:
        """Ask for the images of several (figure, opts) now; the tabs draw them in turn. RuntimeError
        when the server is closed (its browser died and was dropped)."""
        if self._loop.is_closed():
            # Said before any drawing is asked for: a coroutine made for a closed loop is never awaited.
            raise RuntimeError("the image server is closed")
        futures = [asyncio.run_coroutine_threadsafe(self._kaleido.calc_fig(figure, opts=opts), self._loop)
                   for figure, opts in jobs]
        self.renders += len(futures)
        return futures

    def collect(self, futures: Sequence[Future], cancel_rest: bool = True) -> Iterator[bytes]:
        """The submitted images one by one, in order, each as soon as it is drawn. A caller that stops
        early cancels the rest, unless they are shared (`cancel_rest=False`: the report charts' cache)."""
        try:
            for future in futures:
                yield future.result(RENDER_TIMEOUT)
        finally:
            if cancel_rest:  # an error, or a caller that stopped early: nothing left drawing for no one
                for future in futures:
                    future.cancel()

    def close(self) -> None:
        """Close the browser and stop the loop; safe to call twice."""
        if self._loop.is_closed():
            return
        # choreographer's watchdog holds warnings.catch_warnings() open while the browser runs and, on
        # close, puts back the warning filters it saw at start (a test's "error" filters, say); ours go back
        # after it, so that closing at exit does not turn Python's own clean-up warnings into errors.
        with warnings.catch_warnings():
            try:
                self._run(self._kaleido.close(), CLOSE_TIMEOUT)
            except Exception:  # noqa: BLE001 - a browser that already died has nothing left to close
                pass
        self._stop_loop()

    def _stop_loop(self) -> None:
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)
        if not self._thread.is_alive():
            self._loop.close()


@lru_cache(maxsize=1)
def _kaleido_keeping_tabs() -> type:
    """kaleido.Kaleido, with a tab reloaded every RELOAD_EVERY images instead of after each (kaleido 1.5's
    `_return_kaleido_tab`, pinned in requirements.txt; tests/integration/test_chart_images.py checks the images)."""
    import kaleido

    class KaleidoKeepingTabs(kaleido.Kaleido):
        async def _return_kaleido_tab(self, tab: Any) -> None:
            tab.images_since_reload = getattr(tab, "images_since_reload", 0) + 1
            if tab.images_since_reload >= RELOAD_EVERY:
                tab.images_since_reload = 0
                await super()._return_kaleido_tab(tab)
                return
            tab.js_logger.reset()  # what a reload would have cleared: the page's console messages
            await self.tabs_ready.put(tab)

    return KaleidoKeepingTabs


_server: ImageServer | None = None
_server_lock = threading.Lock()
# sha256 of (figure, options) -> (the server drawing it, its future), newest last.
_png_cache: OrderedDict[str, tuple[ImageServer, Future]] = OrderedDict()
# Re-entrant: a browser failing while a chart is submitted under this lock is dropped by
# stop_image_server(), which clears the cache under the same lock, in the same thread.
_png_cache_lock = threading.RLock()


def image_server() -> ImageServer:
    """The process's kaleido server, started on first use; ImagesUnavailable when it cannot start."""
    global _server
    with _server_lock:
        if _server is None:
            chromium = find_chromium()
            if chromium is None:
                raise missing_chromium()
            try:
                _server = ImageServer(chromium)
            except (Exception, FutureTimeout) as error:
                raise ImagesUnavailable("chromium_failed", path=str(chromium),
                                        detail=_first_line(error)) from error
            # Registered after the browser's temporary folders exist: exit handlers run last-in
            # first-out, so the browser closes before Python sweeps up those folders (and warns).
            atexit.unregister(stop_image_server)
            atexit.register(stop_image_server)
        return _server


_warming: threading.Thread | None = None
_warming_lock = threading.Lock()


def warm_image_server() -> None:
    """Start the kaleido server in a background thread if none runs yet, and return at once. Nothing
    is raised here: without Chromium the first image raises ImagesUnavailable as it always does."""
    global _warming
    # Not under _server_lock: image_server() holds it for the whole of Chromium's start, and a page
    # calling this on every run (the second visitor's, or the reader's next click) waited seconds there.
    with _warming_lock:
        if _server is not None or (_warming is not None and _warming.is_alive()) or find_chromium() is None:
            return
        _warming = threading.Thread(target=_start_quietly, name="kaleido-warm-up", daemon=True)
        _warming.start()
        # A process that ends while the browser is still starting (a command refused early) waits for
        # it and closes it, rather than leaving a Chromium behind.
        atexit.register(_finish_warming, _warming)


def _start_quietly() -> None:
    try:
        image_server()
    except ImagesUnavailable as unavailable:  # said again, to the reader, by the image that needs it
        _LOG.warning("the image server did not start: %s", unavailable)


def _finish_warming(thread: threading.Thread) -> None:
    if thread.is_alive():
        thread.join(START_TIMEOUT)
        stop_image_server()


def stop_image_server() -> None:
    """Close the kaleido server if one runs (at exit, or to free its memory)."""
    global _server
    with _server_lock:
        if _server is not None:
            _server.close()
            _server = None
    with _png_cache_lock:
        _png_cache.clear()  # drawn by a browser that is gone



def _first_line(error: BaseException) -> str:
    text = str(error).strip() or type(error).__name__
    return text.splitlines()[0][:200]


def image_size(figure: go.Figure) -> tuple[int, int]:
    """Width and height in pixels at scale 1: the figure's own, else 1000 x 560."""
    return int(figure.layout.width or DEFAULT_WIDTH), int(figure.layout.height or DEFAULT_HEIGHT)


def _render(jobs: Sequence[tuple[go.Figure, dict[str, Any]]]) -> list[bytes]:
    return list(_render_each(jobs))


def _render_each(jobs: Sequence[tuple[go.Figure, dict[str, Any]]]) -> Iterator[bytes]:
    """Every job asked for at once (ImagesUnavailable at once when no server can start), then the
    images in order as they are drawn."""
    if not jobs:
        return iter(())
    server = image_server()
    with _failures_as_unavailable(server):
        futures = server.submit(jobs)
    return _collect(server, futures)


def _collect(server: ImageServer, futures: Sequence[Future], cancel_rest: bool = True) -> Iterator[bytes]:
    with _failures_as_unavailable(server):
        yield from server.collect(futures, cancel_rest)


@contextmanager
def _failures_as_unavailable(server: ImageServer) -> Iterator[None]:
    try:
        yield
    except (FutureTimeout, OSError, RuntimeError) as error:
        # The browser died or hung: drop it so that the next image starts a fresh one.
        stop_image_server()
        raise ImagesUnavailable("chromium_failed", path=str(server.chromium), detail=_first_line(error)) from error
    except Exception as error:
        if type(error).__module__.startswith(("choreographer", "kaleido")):
            stop_image_server()
            raise ImagesUnavailable("chromium_failed", path=str(server.chromium),
                                    detail=_first_line(error)) from error
        raise


def _png_options(figure: go.Figure, scale: float, width: int | None, height: int | None) -> dict[str, Any]:
    if scale < 1:
        raise ValueError("scale must be at least 1")
    own_width, own_height = image_size(figure)
    return {"format": "png", "scale": scale, "width": width or own_width, "height": height or own_height}


def build_png(figure: go.Figure, scale: float = 2, width: int | None = None, height: int | None = None) -> bytes:
    """The figure as PNG at `scale` times its size in pixels (2x by default, sharp on print and HiDPI)."""
    return _render([(figure, _png_options(figure, scale, width, height))])[0]


def build_pngs(figures: Sequence[go.Figure], scale: float = 2) -> list[bytes]:
    """Several figures as PNG, drawn at the same time (a report's charts), in the figures' order."""
    return _render([(figure, _png_options(figure, scale, None, None)) for figure in figures])


def start_pngs(figures: Iterable[go.Figure], scale: float = 2, keep_in: Path | None = None) -> Iterator[bytes]:
    """Several figures as PNG, each handed to the browser as soon as `figures` yields it, and handed back
    in order as each is drawn, so that a report builds its later figures and lays out its pages while the
    browser draws. A figure drawn (or being drawn) for an earlier call is not drawn again: the editions
    and methods of one year share their charts (kept for the server's life, PNG_CACHE_ENTRIES at most).
    With `keep_in`, each image is also kept in that folder by content, and one found there is not drawn:
    a report whose charts are all kept starts no browser.
    ImagesUnavailable at once when no server can start, or while iterating when the browser fails."""
    server, futures = None, []
    for figure in figures:
        options = _png_options(figure, scale, None, None)
        key = hashlib.sha256((figure.to_json() + json.dumps(options, sort_keys=True) + _renderer()).encode()
                             ).hexdigest()
        kept_png = _read_kept_png(keep_in, key) if keep_in is not None else None
        if kept_png is not None:
            futures.append(_finished(kept_png))
            continue
        server = server or image_server()
        with _png_cache_lock:
            kept = _png_cache.get(key)
            if kept is None or kept[0] is not server or _failed(kept[1]):
                with _failures_as_unavailable(server):
                    kept = (server, server.submit([(figure, options)])[0])
                _png_cache[key] = kept
                while len(_png_cache) > PNG_CACHE_ENTRIES:
                    _png_cache.popitem(last=False)
            _png_cache.move_to_end(key)
        if keep_in is not None:
            kept[1].add_done_callback(lambda future, key=key: _keep_png(keep_in, key, future))
        futures.append(kept[1])
    if server is None:  # every image was kept on disk
        return (future.result() for future in futures)
    return _collect(server, futures, cancel_rest=False)


@lru_cache(maxsize=1)
def _renderer() -> str:
    """What draws the images: a kept image drawn by other versions is drawn again."""
    from importlib.metadata import version

    return f"plotly {version('plotly')} kaleido {version('kaleido')}"


def _finished(content: bytes) -> Future:
    future: Future = Future()
    future.set_result(content)
    return future


def _read_kept_png(folder: Path, key: str) -> bytes | None:
    """A kept image, or None when there is none or it is not a whole PNG (a disk filled mid-write)."""
    path = folder / f"{key}.png"
    try:
        content = path.read_bytes()
    except OSError:
        return None
    if not (content.startswith(_PNG_SIGNATURE) and content.endswith(_PNG_END)):
        return None
    try:
        os.utime(path)  # used: the last to be pruned
    except OSError:
        pass
    return content


def _modified(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:  # pruned by another process meanwhile
        return 0.0


def _keep_png(folder: Path, key: str, future: Future) -> None:
    """Write a drawn image to the folder (whole or not at all), then prune the oldest beyond
    KEPT_PNG_FILES. A folder that cannot be written only costs the next process a drawing."""
    if future.cancelled() or future.exception() is not None:
        return
    try:
        folder.mkdir(parents=True, exist_ok=True)
        partial = folder / f".{key}.{os.getpid()}.{threading.get_ident()}.part"
        partial.write_bytes(future.result())
        os.replace(partial, folder / f"{key}.png")
        kept = sorted(folder.glob("*.png"), key=_modified)
        for old in kept[:max(0, len(kept) - KEPT_PNG_FILES)]:
            old.unlink(missing_ok=True)
    except OSError as error:
        _LOG.warning("a chart image could not be kept in %s: %s", folder, error)


def _failed(future: Future) -> bool:
    return future.done() and (future.cancelled() or future.exception(0) is not None)


def build_svg(figure: go.Figure, width: int | None = None, height: int | None = None) -> bytes:
    """The figure as SVG (vector: text stays text, for editing and printing at any size)."""
    own_width, own_height = image_size(figure)
    return _render([(figure, {"format": "svg", "width": width or own_width, "height": height or own_height})])[0]
