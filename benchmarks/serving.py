"""A built site served on localhost as the hosts a newsletter is published on serve it (GitHub Pages,
Netlify): text compressed when the browser accepts it, a file the browser kept answered with 304. The
browser tests and the search benchmark measure what a reader's browser fetches through it."""

from __future__ import annotations

import email.utils
import gzip
import http.server
import io
import os


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the built site as the hosts a newsletter is published on do (GitHub Pages, Netlify): text
    compressed when the browser accepts it, and a file the browser has already kept answered with 304."""

    COMPRESSED = (".html", ".css", ".js", ".svg", ".json", ".xml", ".txt")

    def log_message(self, *args):
        pass

    def send_head(self):
        path = self.translate_path(self.path)
        if not (os.path.isfile(path) and path.endswith(self.COMPRESSED)
                and "gzip" in self.headers.get("Accept-Encoding", "")):
            return super().send_head()
        modified = int(os.stat(path).st_mtime)
        since = self.headers.get("If-Modified-Since")
        if since and email.utils.parsedate_to_datetime(since).timestamp() >= modified:
            self.send_response(304)
            self.end_headers()
            return None
        with open(path, "rb") as source:
            body = gzip.compress(source.read())
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Last-Modified", self.date_time_string(modified))
        self.end_headers()
        return io.BytesIO(body)

