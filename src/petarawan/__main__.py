"""Run the CLI with ``python -m petarawan``."""

import sys

from petarawan.cli import main

sys.exit(main())
