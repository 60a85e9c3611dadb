"""Entry point of `python -m etl`."""
import sys


def is_a_first_pdf(arguments: list[str]) -> bool:
    """A PDF report for a database that has no kept charts yet (the first ever): its charts need Chromium."""
    if arguments[:1] != ["report"] or any("pptx" in argument for argument in arguments[1:]):
        return False
    from ipmonitor.paths import database_path, kept_charts_folder

    given = [value for flag, value in zip(arguments, arguments[1:]) if flag == "--db"]
    given += [argument.partition("=")[2] for argument in arguments if argument.startswith("--db=")]
    return not kept_charts_folder(given[-1] if given else database_path()).is_dir()


if __name__ == "__main__":
    if is_a_first_pdf(sys.argv[1:]):
        # Chromium takes seconds to start: it starts now, in the background, while the command's imports
        # and reads go on (bench/bench_exports.py). Only for a database with no kept charts: a report run
        # again finds its charts kept and needs no browser, and one started for nothing takes as long to
        # close.
        from ipmonitor.chart_images import warm_image_server

        warm_image_server()

    from etl.cli import main

    sys.exit(main())
