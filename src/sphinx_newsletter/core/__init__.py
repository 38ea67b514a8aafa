"""The newsletter's core: settings, and (moving here) the report and feedback models and their checks.

Nothing in ``core`` imports Sphinx: the build, ``newsletter check`` and ``newsletter publish`` are
adapters over it.
"""
