"""Signed package files that carry applications and decisions between copies of the app.

An enterprise's copy exports a submission package (``.gxpkg``); the park office's copy imports
it, reviews it, and sends back a decision package (``.gxdec``). Everything here is pure: bytes
in, checked objects out. The store (db/exchange.py) decides what a package may change.
"""
