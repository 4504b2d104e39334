"""Process set-up every entry point shares: private files, and an exit that does not trip over
interpreter teardown.

The SDK's Rust runtime keeps native threads that may try to take the GIL while Python
finalizes, aborting the process after its work is done (temporalio/sdk-python#300). A command
that has finished flushes its output and leaves with os._exit, skipping finalization.
"""

import os
import sys
from collections.abc import Callable
from pathlib import Path


def private_files(data_dir: Path | None = None) -> None:
    """Everything this process (and what it starts: the dev server's database) creates is for
    the service account only: folders 0700, files 0600. The data folder itself is made so too."""
    os.umask(0o077)
    if data_dir is not None:
        data_dir.mkdir(parents=True, exist_ok=True)
        data_dir.chmod(0o700)


def run_and_exit(main: Callable[[], object]) -> None:
    code = 0
    try:
        result = main()
        code = result if isinstance(result, int) else 0
    except SystemExit as done:
        if isinstance(done.code, int):
            code = done.code
        elif done.code is not None:
            print(done.code, file=sys.stderr)
            code = 1
    except KeyboardInterrupt:
        code = 130
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
