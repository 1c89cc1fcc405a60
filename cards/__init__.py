"""The domain: card numbers and QR payloads, program rules, decoding and camera sources.

Pure Python (plus numpy/OpenCV/zbar/zxing for images); never imports Qt or the database.
"""
