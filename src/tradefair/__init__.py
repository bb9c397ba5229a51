"""Tradefair: run a multilateral trade and investment expo from registration to results."""

__version__ = "0.1.0"
