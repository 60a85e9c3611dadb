"""Entry point of `python -m etl`."""
import sys

if sys.argv[1:2] == ["report"] and not any("pptx" in argument for argument in sys.argv[2:]):
    # A PDF's charts need Chromium, which takes seconds to start: it starts now, in the background, while
    # the command's imports and reads go on (bench/bench_exports.py). A deck never needs it.
    from ipmonitor.images import warm_image_server

    warm_image_server()

from etl.cli import main  # noqa: E402

sys.exit(main())
