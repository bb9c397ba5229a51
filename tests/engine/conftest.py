"""Engine tests need no Django and no database.

`src/` is put on the path when the package is not installed, and the project-wide autouse fixture
that switches Django to English is replaced by a no-op here (a closer fixture of the same name wins),
so that these tests also run with `-p no:django`.
"""

import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src"
if str(SRC) not in sys.path:
    sys.path.insert(0, str(SRC))


@pytest.fixture(autouse=True)
def _english_by_default():
    yield
