"""A model with encrypted fields, for the tests of lawful.crypto only (installed by
lawful.test_settings): the field, rotation and benchmarks need a table to work on that
belongs to no feature."""
