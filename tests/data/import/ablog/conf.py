# A Sphinx site with ABlog (https://ablog.readthedocs.io), written for the import tests.
# The importer reads these values with ast and never runs this file.
import os

os.system("echo CONF-PY-WAS-RUN > /tmp/ablog-conf-was-run")  # must never happen
extensions = ["ablog"]
blog_title = "Stack Notes"
blog_baseurl = "https://notes.stack.example/"
blog_authors = {
    "sven": ("Sven Olsen", "https://sven.example"),
    "ines": ("Inês Duarte", None),
}
post_date_format = "%b %d, %Y"
