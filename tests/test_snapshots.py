"""Snapshots of what readers see: the listings of a small site and a feedback thread, as data.

The expected data sit in ``tests/test_snapshots/`` (pytest-regressions). A change in a listing or a
thread shows as a diff of that file; when the change is meant, ``pytest --force-regen`` rewrites it
and the diff is reviewed with the code.
"""

from __future__ import annotations

from conftest import html


def text(element) -> str:
    return " ".join(element.get_text().split()) if element is not None else ""


def cards(soup) -> list[dict]:
    return [{
        "title": card.select_one(".nl-card-title a").get_text(strip=True),
        "href": card.select_one(".nl-card-title a")["href"],
        "authors": [author.get_text(strip=True) for author in card.select(".nl-author")],
        "date": card.select_one("time")["datetime"],
        "event": [[text(event), event.a["href"] if event.a else ""] for event in card.select(".nl-event")],
        "tags": [tag.get_text(strip=True) for tag in card.select(".nl-tag")],
        "summary": text(card.select_one(".nl-summary")),
        "feedback": text(card.select_one(".nl-feedback-count")),
    } for card in soup.select(".nl-card")]


def archive(soup) -> list[dict]:
    return [{"edition": text(row.th), "cells": [text(cell) for cell in row.select("td")],
             "current": "nl-current" in row.get("class", [])} for row in soup.select(".nl-archive tbody tr")]


def test_listings_of_a_small_site(pristine, data_regression):
    app = pristine("basic")
    pages = {}
    for name in ["index", "editions/alpha", "editions/beta", "editions/gamma", "tags/summit", "authors/ada-lovelace"]:
        soup = html(app, name)
        pages[name] = {"heading": text(soup.h1).rstrip("#¶ "), "status": text(soup.select_one(".nl-edition-status")),
                       "cards": cards(soup), "archive": archive(soup)}
    data_regression.check(pages)


def entry(article) -> dict:
    header = article.header
    author = header.select_one(".nl-feedback-author")
    replies = article.select_one(".nl-feedback-replies")
    return {
        "author": author.get_text(strip=True),
        "link": author.get("href", ""),
        "date": header.time["datetime"],
        "shown": header.time.get_text(strip=True),
        "likes": header.select_one(".nl-likes").get_text(strip=True) if header.select_one(".nl-likes") else "",
        "body": text(article.select_one(".nl-feedback-body")),
        "links": [link["href"] for link in article.select_one(".nl-feedback-body").select("a")],
        "replies": [entry(reply) for reply in replies.find_all("article", recursive=False)] if replies else [],
    }


def test_a_feedback_thread(pristine, data_regression):
    app = pristine("feedback")
    section = html(app, "reports/alpha/summit").select_one("section.nl-feedback")
    data_regression.check({"heading": section.h2.get_text(strip=True).rstrip("#¶"),
                           "entries": [entry(article) for article in section.find_all("article", recursive=False)]})
