"""Ending a process that used a Temporal client without tripping over interpreter teardown.

The SDK's Rust runtime keeps native threads that may try to take the GIL while Python
finalizes, aborting the process after its work is done (temporalio/sdk-python#300). A command
that has finished flushes its output and leaves with os._exit, skipping finalization.
"""

import os
import sys
from collections.abc import Callable


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
