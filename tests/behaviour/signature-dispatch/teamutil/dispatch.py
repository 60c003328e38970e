"""Loads sturdy's canonical helper, as a team's shared module would contain it."""
import pathlib

_source = pathlib.Path(__file__).resolve().parents[4] / "codemods" / "signature-dispatch" / "dispatch_helper.py"
exec(compile(_source.read_text(), str(_source), "exec"))
