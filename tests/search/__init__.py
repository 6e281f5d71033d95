"""Tests; a package so that test files in different folders may share a name (tests/X/ mirrors scripts/X/)."""
