"""Headless Chromium tools shared by the browser tests, `make bench` and the search-recall measurement."""
