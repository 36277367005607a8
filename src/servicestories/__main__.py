"""``python -m servicestories``: see :mod:`servicestories.cli`."""

import signal
import sys

try:
    from .cli import main

    code = main()
except KeyboardInterrupt:  # Ctrl-C while the modules are still being imported
    print("interrupted (Ctrl-C): stopped, no partial output file left", file=sys.stderr)
    code = 130
if code == 130:
    # the process is stopping after Ctrl-C: a second delivery of the same signal (libraries such as pyarrow
    # re-raise a SIGINT they intercepted) must not turn the clean exit 130 into a death by signal
    signal.signal(signal.SIGINT, signal.SIG_IGN)
sys.exit(code)
