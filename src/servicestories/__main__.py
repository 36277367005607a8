"""``python -m servicestories``: see :mod:`servicestories.cli`."""

import sys

from .errors import EXIT_INTERRUPTED, exit_process

try:
    from .cli import main

    code = main()
except KeyboardInterrupt:  # Ctrl-C while the modules are still being imported
    print("interrupted (Ctrl-C): stopped, no partial output file left", file=sys.stderr)
    code = EXIT_INTERRUPTED
exit_process(code)
