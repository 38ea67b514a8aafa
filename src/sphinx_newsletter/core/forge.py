"""Where readers without git leave feedback: the forge that hosts the site's repository. No Sphinx here.

With ``newsletter_repository_url`` set, each report page links "Leave feedback" and each entry
"Reply" to the repository's feedback issue form (``.github/ISSUE_TEMPLATE/feedback.yml``), prefilled
with the report and, for a reply, the entry it answers. GitHub is the one forge so far; another
needs only a class with ``feedback_url``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlencode

FEEDBACK_FORM = "feedback.yml"
"""The issue form's file name under ``.github/ISSUE_TEMPLATE/``; its field ids are the parameters below."""
_GITHUB = re.compile(r"^https://github\.com/(?P<owner>[A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))/"
                     r"(?P<name>[A-Za-z0-9._-]{1,100}?)(?:\.git)?/?$")


@dataclass(frozen=True)
class GitHub:
    owner: str
    name: str

    def feedback_url(self, report: str, title: str, reply_to: str | None = None) -> str:
        """The issue form, prefilled: ``report`` is the report's path in the repository."""
        kind = "Reply" if reply_to else "Feedback"
        params = {"template": FEEDBACK_FORM, "title": f"{kind}: {title}"[:200], "report": report}
        if reply_to:
            params["reply_to"] = reply_to
        return f"https://github.com/{self.owner}/{self.name}/issues/new?{urlencode(params)}"


def forge_for(url: str) -> tuple[GitHub | None, str | None]:
    """The forge of a repository address, or ``None`` and why (``None, None`` when no address is set)."""
    if not url:
        return None, None
    match = _GITHUB.match(url.strip())
    if match is None or match["name"] in (".", ".."):
        return None, (f"newsletter_repository_url {url!r} is not a GitHub repository address: write it as "
                      "https://github.com/<owner>/<name> (other forges are not supported yet)")
    return GitHub(match["owner"], match["name"]), None
