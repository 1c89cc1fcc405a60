"""Turn "codes seen in each camera frame" into scans: one scan per card presentation.

A camera reads the same card in many consecutive frames, and misses it in a
frame now and then (blur, glare). :class:`Debouncer` makes that one scan:

* a code seen in consecutive frames is one scan;
* a code left in view is not scanned again until it has been out of view for
  ``absent_seconds`` (a miss shorter than that is not "out of view"), or, when
  ``repeat_seconds`` is set, until that long after its last scan;
* a different code is a new scan at once, even while the first is still in view.

The clock is passed in (``clock=time.monotonic`` by default, or ``now=`` on each
call), so the behaviour is testable with made-up times. Pure Python, no threads.

Kiosk hook::

    debouncer = Debouncer()
    for code in debouncer.seen(decode.read_payloads(frame)):
        worker.code_scanned.emit(code)
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass
class _Track:
    last_seen: float
    last_scan: float


class Debouncer:
    """Decide which codes in a frame are new scans (see the module docstring)."""

    def __init__(self, clock: Callable[[], float] = time.monotonic, absent_seconds: float = 1.0,
                 repeat_seconds: float | None = None) -> None:
        if absent_seconds < 0 or (repeat_seconds is not None and repeat_seconds <= 0):
            raise ValueError("absent_seconds must be >= 0 and repeat_seconds > 0")
        self._clock = clock
        self.absent_seconds = absent_seconds
        self.repeat_seconds = repeat_seconds
        self._tracks: dict[str, _Track] = {}

    def seen(self, codes_in_frame: Iterable[str], now: float | None = None) -> list[str]:
        """Record the codes read in one frame (may be empty); return those that are new scans.

        Call it for every decoded frame, including frames where nothing was read,
        so that a card taken away is known to be out of view. Order is kept and
        duplicates within a frame count once.
        """
        t = self._clock() if now is None else now
        self._forget(t)
        scans: list[str] = []
        for code in dict.fromkeys(codes_in_frame):
            track = self._tracks.get(code)
            if track is None:
                self._tracks[code] = _Track(last_seen=t, last_scan=t)
                scans.append(code)
                continue
            track.last_seen = t
            if self.repeat_seconds is not None and t - track.last_scan >= self.repeat_seconds:
                track.last_scan = t
                scans.append(code)
        return scans

    def in_view(self, now: float | None = None) -> list[str]:
        """The codes currently taken to be in view (seen within ``absent_seconds``)."""
        t = self._clock() if now is None else now
        self._forget(t)
        return list(self._tracks)

    def reset(self, code: str | None = None) -> None:
        """Forget one code (or all), so its next sighting is a new scan (e.g. after an error screen)."""
        if code is None:
            self._tracks.clear()
        else:
            self._tracks.pop(code, None)

    def _forget(self, t: float) -> None:
        gone = [code for code, track in self._tracks.items() if t - track.last_seen > self.absent_seconds]
        for code in gone:
            del self._tracks[code]
