"""The demo editions: a client of every app's domain functions at the top of the house.

No app imports this package (tests/common/test_layers.py checks it); it holds the
``tradefair demo``, ``generate-demo`` and ``record-demo-deals`` commands and, per app, the
module that makes that app's part of the demo (``demo.deals``, ``demo.matchmaking``, ...).
"""
