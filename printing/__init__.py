"""Printing: pure functions from plain data to document bytes, and transports to printers."""
