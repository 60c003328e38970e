"""A method called on `self` that only subclasses define is judged by every
definition: all take `**kwargs` -> a no-op, left alone. Adapted from distributed
`diagnostics/progressbar.py` (BSD-3-Clause), where `self._draw_bar(**response)` was
rewritten for nothing; the second family has one override without `**kwargs`, so
its call is payload dispatch and is rewritten."""
import json


class ProgressBar:
    def listen(self, comm):
        response = json.loads(comm.read())
        self._draw_bar(**response)


class TextProgressBar(ProgressBar):
    def _draw_bar(self, remaining, all, **kwargs):
        return remaining, all


class ProgressWidget(ProgressBar):
    def _draw_bar(self, remaining, all, status, **kwargs):
        return remaining, all, status


class Renderer:
    def listen(self, comm):
        response = json.loads(comm.read())
        self._render(**response)


class TextRenderer(Renderer):
    def _render(self, remaining, **kwargs):
        return remaining


class StrictRenderer(Renderer):
    def _render(self, remaining, all):
        return remaining, all
