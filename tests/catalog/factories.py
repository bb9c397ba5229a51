"""Catalog factories beyond the shared ones."""

from tests.factories import ExhibitorFactory, OrganisationFactory, PavilionFactory  # noqa: F401
