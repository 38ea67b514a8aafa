"""``newsletter import``: bring an existing blog in, its posts as reports and its comments as feedback.

The data flows one way: a source reader (``wordpress``, ``staticsite`` for Jekyll and Hugo, ``ablog``)
turns an export or a site folder into :class:`~.model.Post` objects, bodies converted to MyST markdown
by ``markup``; ``writer`` places each post in the cycle its date falls in, checks the report and its
feedback with the same validators as the build, and writes what is new. No Sphinx build, no network.
"""
