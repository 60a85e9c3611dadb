"""The domain package and the ETL never import Streamlit, nor the pages or their helpers (ui/): they run under
the command line and in tests."""
import pkgutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_importing_every_domain_and_etl_module_does_not_load_streamlit():
    # Every module, the wings' (ipmonitor/store, progress, tracker, changes, documents) included.
    modules = [m.name for pkg in ("ipmonitor", "etl")
               for m in pkgutil.walk_packages([str(ROOT / pkg)], prefix=f"{pkg}.") if not m.name.endswith("__main__")]
    assert {"ipmonitor.store.queries", "ipmonitor.documents.pdf", "ipmonitor.i18n", "etl.cli"} <= set(modules)
    code = "import importlib, sys\n" + "".join(f"importlib.import_module({m!r})\n" for m in modules) + \
        "print('streamlit' in sys.modules, sorted(m for m in sys.modules if m.split('.')[0] in ('ui', 'pages')))"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False []"
