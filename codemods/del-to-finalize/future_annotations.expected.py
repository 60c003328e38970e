#!/usr/bin/env python3
# -*- coding: utf-8 -*-
"""Module docstring."""

from __future__ import annotations

import logging
import weakref

log = logging.getLogger(__name__)


class Handle:
    def __init__(self, raw: int) -> None:
        self.raw: int = raw
        self._finalizer = weakref.finalize(self, release, self.raw)


def release(raw: int) -> None:
    log.info("released %s", raw)
