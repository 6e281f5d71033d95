"""Helpers of the URL checker tests: the fault server, its cases and a timing script."""
