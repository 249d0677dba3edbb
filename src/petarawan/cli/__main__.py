"""Run the CLI with ``python -m petarawan.cli``."""

import sys

from petarawan.cli import main

sys.exit(main())
