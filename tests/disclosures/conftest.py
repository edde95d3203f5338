"""Fixtures of the rights desk tests."""

from tests.rights_register import rights_org  # noqa: F401 (a fixture)
