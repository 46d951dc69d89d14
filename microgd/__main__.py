"""`python -m microgd ...` runs the command line (see cli.py)."""

import sys

from microgd.cli.main import main

sys.exit(main())
