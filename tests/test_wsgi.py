"""The WSGI entry point gunicorn loads."""

import subprocess
import sys


def test_loading_the_application_freezes_what_it_loaded():
    # Frozen objects are never walked by the garbage collector: without this, every full
    # collection in a worker stalls all its threads for about 100 ms.
    out = subprocess.run(
        [sys.executable, "-c",
         "import gc, laocai.wsgi; print(gc.get_freeze_count(), callable(laocai.wsgi.application))"],
        capture_output=True, text=True, check=True)
    frozen, loaded = out.stdout.split()
    assert loaded == "True"
    assert int(frozen) > 50_000
