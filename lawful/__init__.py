"""Lawful: the data-protection system behind a privacy notice."""
