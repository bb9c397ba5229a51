"""`python -m tradefair.engine IN -o OUT [--time-limit S] [--seed N] [--quiet]`."""

import sys

from .cli import main

sys.exit(main())
