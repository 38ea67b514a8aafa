"""``make mutation``'s verdict: after ``mutmut run``, every mutant's outcome (``mutmut results --all true``)
against the list of equivalent mutants below (each with why no test can tell it from the code), written to
MUTATION.md. Exits 1 when a mutant that is not listed survived or the score is under 90 %.

A timeout counts as killed: the mutant made a test hang (a pipe opened without O_NONBLOCK blocks), which
the suite would not pass.
"""

from __future__ import annotations

import collections
import concurrent.futures
import os
import re
import subprocess
import sys
from pathlib import Path

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10: pytest's own dependency
    import tomli as tomllib

OS_FLAG_DEFAULT = ("another default for an os flag POSIX systems have (O_NOFOLLOW, O_NONBLOCK): the default is for "
                   "systems without it")
FALLBACK = "another fallback for a missing {}: no fallback holds the phrases it looks for"
MARKED = "every syntax error the loader raises carries a mark"
MESSAGE = "Invalid's message is never shown: every caller catches it and says what to do in its own words"
UNUSED_LENGTH = "_text takes the length and does not use it: the clean-up (clean_text) bounds the length"
NOT_CALLED = ("no validator calls this parse: the report validator reads tags one by one, keeping the good ones, and a "
              "feedback body is checked by require_body; the kind serves the schema")
CLOSE_MATCHES = "get_close_matches' defaults are n=3 and cutoff=0.6: the best match, the only one shown, is the same"
NODE_ARGUMENTS = ("docutils writes neither a node's rawsource nor an empty text: another first or second argument to a "
                  "node whose first child is text writes the same page")
TOKEN_LINES = "markdown-it gives every block and inline token its lines (map)"
FIRST_PART = "only the part before the first separator is used"
MATH_ENV = "Sphinx's translator takes math_env and does not use it (the builder's math renderer is called)"
SHOWN_AUTHOR = "a shown entry always has an author (an entry without one is left out)"
PRIORITY = ("one priority point more: no handler of Sphinx, the theme or this extension sits at the old or the new "
            "number, so the order is the same")
FIRST_LINE = "the first line is always inside the block, which is replaced: what is stripped from it is never shown"
ADD_ENTRY = "feedgen prepends an entry only for order='prepend': any other order appends, as 'append' does"
ENTRY_REL = "feedgen's link relation defaults to 'alternate' (and an entry's is written without it)"
BODY_LINE = "render_body's first line only numbers the problems it finds, which a feed or a mail does not read"
SAME_CODEC = "'UTF-8' and 'utf-8' name one codec"
IGNORE_CASE = "the pattern is matched ignoring case: its letters' case changes nothing"
NONE_TEXT = "None is read as no text (an 'or' or a flag), as the empty text is"
XML_CONTROL = "an XML document cannot hold NUL or U+0001 (a parser refuses them), so there is none to remove"
HTML_TO_MARKDOWN_END = ("html_to_markdown ends its text with one newline after a character that is not a space: "
                        "stripping spaces too strips the same")
DEFAULT_CODEC = ("the default encoding is UTF-8 where the suite runs (Python's UTF-8 mode, a UTF-8 locale); the file "
                 "is written and read alike")
EQUIVALENT_MUTANTS = [  # (package.module.x_function, mutant numbers, why no test can tell them from the code)
    ("core.paths.x_windows_reserved", (6, 9), "another maxsplit for split('.'): only the part before the first dot is used"),
    ("core.paths.x_write_regular_file", (58, 61, 64, 67, 70, 73), OS_FLAG_DEFAULT),
    ("core.paths.x_read_regular_file", (13, 16, 19, 22, 25, 28), OS_FLAG_DEFAULT),
    ("core.paths.x_write_regular_file", (101,), "'UTF-8' and 'utf-8' name one codec"),
    ("core.paths.x_is_generated_page", (7, 10, 13), "another encoding for reading the first line: the marker is ASCII and "
                                               "errors are replaced, so every ASCII-compatible encoding reads it alike"),
    ("core.frontmatter.x__left_open", (3,), FALLBACK.format("context")),
    ("importing.files.xǁ_ImportLoaderǁconstruct_mapping", (4, 6), "the safe constructor never passes deep: it is "
                                                                   "False, as None and the default are"),
    ("core.frontmatter.xǁPlainDumperǁrepresent_text", (4,), "PyYAML's emitter writes a scalar whose style it does not "
                                                          "know double-quoted, as the style '\"' asks"),
    ("core.frontmatter.x__left_open", (12,), "another fallback for a missing problem: no fallback holds 'end of stream'"),
    ("core.frontmatter.x_yaml_advice", (6,), FALLBACK.format("problem")),
    ("core.frontmatter.x_yaml_advice", (16,), "another fallback for a line the mark is not on: it matches no field and "
                                         "holds no tab, '@', '`' or '%' where a column can point"),
    ("core.frontmatter.x_yaml_advice", (33,), "another fallback for the fixed line: it is only shown when there is a field"),
    ("core.frontmatter.x_yaml_advice", (43, 44), "'expected <block end>' is the pure-Python parser's wording; the loader "
                                            "here is libyaml's, which says 'did not find expected key' (the other half "
                                            "of the test)"),
    ("core.frontmatter.x_yaml_advice", (53,), "a plain value (not opened by a quote) is read to the end of its line: the "
                                         "parser never stops inside it with 'did not find expected key' on the line it "
                                         "opened"),
    ("core.frontmatter.x_yaml_advice", (64,), "another fallback for a column off the line: no fallback is a tab, '@', '`' "
                                         "or '%'"),
    ("core.frontmatter.x_yaml_limit_error", (7,), "the quick answer's length bound: a text of max_nodes characters cannot "
                                             "hold more than max_nodes values, so the full reading finds nothing either"),
    ("core.frontmatter.x_yaml_limit_error", (23,), "the quick answer's depth bound: 15 openers (lines, '[', '{', '- ') nest "
                                              "16 levels at most, which is allowed, so the full reading finds nothing "
                                              "either"),
    ("core.frontmatter.x_yaml_limit_error", (25,), "a stricter quick answer only reads more texts in full, with the same "
                                              "verdict"),
    ("core.frontmatter.x_yaml_limit_error", (47, 49), "every event the loader gives has a start mark"),
    ("core.frontmatter.x_read_front_matter", (94, 95, 97, 98), MARKED),
    ("core.frontmatter.x_blank_front_matter", (4, 6), FIRST_LINE),
    ("safety.html.x__attribute_filter", (1,), "a placeholder is written whole (two private-use characters around "
                                              "digits, no quote, space or '>'): a value holds both its ends or neither"),
    ("safety.html.x__frame_link", (16,), "another address for a frame without src: neither it nor '' starts with "
                                         "https://"),
    ("safety.html.x__frame_link", (20,), "another host for an address without one: neither it nor '' is a video or "
                                         "slides host"),
    ("safety.html.x_browser_view", (16,), "quote=None is false, as quote=False is"),
    ("safety.html.x_named_checkbox", (21,), "the label's words are joined by single spaces: cutting at ' ' or at any "
                                            "whitespace is the same"),
    ("safety.html.x_named_checkbox", (37,), "html.escape quotes by default: quote=True said or not"),
    ("safety.html.x_sanitise_body", (33, 34, 35), "the owner of the text before the first author piece: that text is "
                                                  "never hidden by what follows it (every pair of 33 tags tried), so "
                                                  "it is never looked up"),
    ("safety.html.x_sanitise_body", (90,), "the culprit is always an author piece, which always has its node"),
    ("safety.html.x_setup_html", (9, 24), PRIORITY),
    ("safety.html.xǁGuardedHTMLǁ__init__", (5, 6), "Sphinx makes a translator from the document and the builder "
                                                  "alone: there are no further arguments to pass on"),
    ("safety.html.xǁGuardedHTMLǁ__init__", (13, 14), "visit_document sets it before anything reads it"),
    ("safety.html.xǁGuardedHTMLǁ_newsletter_guarded", (4, 5), "the cache of a page's verdict: without it the same "
                                                              "verdict is worked out again"),
    ("safety.html.xǁGuardedHTMLǁdepart_document", (12,), "a part without author HTML comes back from sanitise_body "
                                                         "byte for byte (one placeholder), only slower"),
    ("safety.sources.x__stale_stub", (3,), "a stub is one level deep: splitting at the first or the last '/' of a "
                                           "name with one '/' is the same, and a deeper name is refused either way"),
    ("safety.sources.x_draft_reports", (30,), "read_front_matter takes a byte-order mark off itself"),
    ("safety.sources.x_draft_reports", (34,), "'UTF-8-SIG' and 'utf-8-sig' name one codec"),
    ("safety.sources.x_setup_sources", (9,), PRIORITY),
    ("safety.html.xǁGuardedHTMLǁvisit_math", (1, 4, 6), MATH_ENV),
    ("safety.html.xǁGuardedHTMLǁvisit_math_block", (1, 4, 6), MATH_ENV),
    ("safety.html.xǁGuardedHTMLǁvisit_raw", (6, 8, 11), "every raw node names its format (docutils' raw directive "
                                                        "requires one; MyST and this extension set it)"),
    ("safety.html.xǁGuardedHTMLǁvisit_document", (2,), "before a page the translator's meta list holds a line break "
                                                       "alone: leaving it out changes one blank line of the head"),
    ("safety.html.xǁ_Inventoryǁ__init__", (1, 2), "the inventory reads start tags and their attributes, which "
                                                  "HTMLParser unescapes whatever convert_charrefs says"),
    ("safety.html.xǁ_Inventoryǁhandle_starttag", (3, 6), "both inventories count alike: counting each twice compares "
                                                         "the same"),
    ("safety.html.xǁ_Inventoryǁhandle_starttag", (15,), "an address is refused only for its scheme: a refused one "
                                                        "always has a scheme to name"),
    ("safety.sources.x_leave_out_drafts", (6, 8, 28, 30, 38), "the cache is ASCII (json.dumps escapes the rest): every "
                                                              "ASCII-compatible encoding reads and writes it alike"),
    *((f"core.fields.x_{name}", numbers, MESSAGE) for name, numbers in (
        ("_boolean", (2, 3, 4)), ("_corrections", (4, 5, 6, 18, 19, 20, 24, 25, 26, 40, 41, 42)),
        ("_count", (12, 13, 14)), ("_date", (9, 10, 11, 12, 14, 15, 16, 17)), ("_markdown", (4, 5, 6)),
        ("_names", (4, 5, 6)), ("_tags", (4, 5, 6, 10, 11, 12)), ("_text", (3, 4, 5, 9, 10, 11)),
        ("_web_url", (8, 9, 10)))),
    ("feedback.model.x__id", (8, 9, 10), MESSAGE),
    ("feedback.model.x__status", (4, 6), MESSAGE),
    ("core.fields.x__corrections", (8,), UNUSED_LENGTH),
    ("core.fields.x__names", (2,), UNUSED_LENGTH),
    ("core.fields.x__tags", (2,), UNUSED_LENGTH),
    ("core.fields.x_names", (23,), UNUSED_LENGTH),
    ("core.fields.x_tags", (16,), UNUSED_LENGTH),
    ("core.fields.x_text", (10,), UNUSED_LENGTH),
    ("core.fields.x__tags", (1, 3, 7, 8, 9, 13, 14), NOT_CALLED),
    ("core.fields.x_tags", (2,), NOT_CALLED),
    ("core.fields.x__markdown", (1, 2, 3), NOT_CALLED),
    ("core.fields.x_text_schema", (3, 4), "the string branch's 'not' pattern already fails every value that is not a "
                                          "string (a pattern passes any non-string, so 'not' fails it): 'type' adds "
                                          "nothing"),
    ("core.report.x__check_cycle_window", (17,), "a date on the cycle's first day is inside the cycle, which is checked "
                                                 "first"),
    ("core.report.x__check_fields", (135, 141), "an empty value is refused by the parse as well, and the same message "
                                                "follows"),
    ("core.report.x__check_fields", (24, 25, 27), CLOSE_MATCHES),
    ("feedback.model.x_validate_entry", (19, 20, 22), CLOSE_MATCHES),
    ("core.report.x_is_draft", (4, 5), "a 'draft:' line past 64 KiB is in the body or in front matter over its 64 KiB "
                                       "limit, which is refused whole: not a draft either way"),
    ("core.report.x_skeleton_problems", (9,), "counting from None is counting from 0"),
    ("core.report.x_without_control_characters", (7,), "counting from None is counting from 0"),
    ("core.report.xǁ_Checkerǁadd", (4,), "line_of(None) is line 1, the fallback itself"),
    ("feedback.model.x_bound_entries", (39,), "past the limit every later entry is left out, counted or not: the "
                                              "message names the first"),
    ("feedback.model.x_read_feedback_file", (64, 67, 73), MARKED),
    *((f"feedback.markup.xǁ_Converterǁ{name}", numbers, NODE_ARGUMENTS) for name, numbers in (
        ("block", (5, 6, 10, 17, 18, 23, 25, 26, 30, 47, 50, 55, 58)), ("inlines", (26, 34, 35, 39, 46, 47, 51)),
        ("reference", (8, 9, 18)))),
    ("feedback.markup.xǁ_Converterǁinlines", (4, 5), "the last branch makes the same text node for a token without "
                                                     "children"),
    ("feedback.markup.xǁ_Converterǁinlines", (70, 71, 72, 73, 74), "the last branch is never taken: markdown-it's "
                                                                   "commonmark preset joins escapes and entities into "
                                                                   "text tokens and makes no other inline kind"),
    ("feedback.markup.xǁ_Converterǁline", (3, 5), TOKEN_LINES),
    ("feedback.markup.x_extract_replies", (23, 24), TOKEN_LINES),
    ("feedback.markup.xǁ_Converterǁlink", (4, 6, 9), "markdown-it gives every link its href"),
    ("feedback.markup.xǁ_Converterǁimage", (4, 6, 9), "markdown-it gives every image its src"),
    ("feedback.markup.x_fence_problem", (8, 12), FIRST_PART),
    ("feedback.markup.xǁ_Converterǁfence", (19, 24), FIRST_PART),
    ("feedback.markup.xǁ_Converterǁfence", (7,), "an info string 'XXXX' names no directive either (it does not start "
                                                 "with '{')"),
    ("feedback.markup.x_nodes_html", (18,), "render_body makes only the node types handled above: the last branch is "
                                            "never taken"),
    ("feedback.markup.x_body_problems", (2,), "a body without these characters holds nothing render_body warns about: "
                                              "walking it finds nothing, only slower"),
    ("feedback.submission.x__likes", (24,), "a count of 0 adds nothing to the largest count"),
    ("feedback.submission.x__moment", (10, 11), "Python 3.11 and later read 'Z' themselves (the replacement is for "
                                                "3.10, which this machine does not run)"),
    ("feedback.submission.x_entries_yaml", (3,), "sort_keys=None is false, as False is"),
    ("feedback.submission.x_entries_yaml", (13,), "a line over 1,000 characters is folded at either width, one column "
                                                  "apart, and reads back as the same value"),
    ("feedback.submission.x_entry_lines", (29, 30), "the first line is always the author's: the starting value is "
                                                    "replaced at once"),
    ("feedback.submission.x_from_issue", (83,), "'XXXX' is no date either: the same refusal"),
    ("feedback.submission.x_read_form", (10,), "'' is not a mapping either: the shipped form is used"),
    ("feedback.submission.x_read_form", (7,), "'UTF-8' and 'utf-8' name one codec"),
    ("feedback.submission.x_read_form", (5,), "the locale's encoding is UTF-8 here and in CI (and Python's default from "
                                              "3.15)"),
    ("feedback.thread.x__keep", (12, 13), "the key's first element only tells an id key from the others: any other "
                                          "word works alike"),
    ("feedback.thread.x_assemble_thread", (21,), "'UTF-8-SIG' and 'utf-8-sig' name one codec"),
    ("feedback.thread.x_shown_entries", (33, 57), SHOWN_AUTHOR),
    ("feedback.thread.x_derived_base", (8,), SHOWN_AUTHOR),
    ("feedback.thread.x_derived_base", (9, 10), "slugify never returns an empty string (a name without letters gets a "
                                                "digest), so the fallback is never used"),
    ("core.catalogue.x_report_slug", (4,), "a slug is case-folded: it holds no 'X' to strip"),
    ("core.catalogue.xǁCatalogueǁ_terms", (15,), "every spelling counted twice compares the same"),
    ("core.publication.x_record_send", (17,), "'UTF-8' and 'utf-8' name one codec"),
    ("feedback.thread.x_shown_entries", (58,), "an entry shown flat answers an entry of the same thread, which always "
                                               "has an anchor"),
    ("publishing.feeds.xǁFeedWriterǁ__init__", (18,), DEFAULT_CODEC),
    ("publishing.feeds.xǁFeedWriterǁ__init__", (20,), SAME_CODEC),
    ("publishing.feeds.xǁFeedWriterǁ__init__", (29,), "every HTML builder has a link_suffix (feeds are written by HTML "
                                                      "builders only): the default is never used"),
    ("publishing.feeds.xǁFeedWriterǁsave_digests", (8, 10), DEFAULT_CODEC),
    ("publishing.feeds.xǁFeedWriterǁsave_digests", (20,), SAME_CODEC),
    ("publishing.feeds.xǁFeedWriterǁfeed", (35, 36, 37, 63, 64, 65), ADD_ENTRY),
    ("publishing.feeds.xǁFeedWriterǁcomments_feed", (36, 37, 38), ADD_ENTRY),
    ("publishing.feeds.xǁFeedWriterǁfeed", (47, 49, 73), ENTRY_REL),
    ("publishing.feeds.xǁFeedWriterǁcomments_feed", (52, 54), ENTRY_REL),
    ("publishing.feeds.xǁFeedWriterǁcomments_feed", (70, 73), BODY_LINE),
    ("publishing.feeds.x_write_feeds", (71,), BODY_LINE),
    ("publishing.feeds.x_write_feeds", (49,), "'length >= 0' differs from 'length > 0' only at 0, which 'length and' "
                                              "already sends to every report"),
    ("publishing.mail.x_issue_context", (33,), BODY_LINE),
    ("publishing.mail.x_write_issue", (41, 46), SAME_CODEC),
    ("publishing.mail.x_wrap_text", (14,), "textwrap.fill of an empty text is empty, whatever its indent"),
    ("publishing.mail.x_wrap_text", (19, 20), "textwrap reads these as flags: None is false as False is"),
    ("publishing.mail.x_issue_html", (61,), "more reports in full than the edition has renders every report in full, "
                                            "which was tried first and did not fit"),
    ("publishing.switcher.x_setup_switcher", (9,), "one priority point more: the only other handler at 400 (the edition "
                                                   "page's contents) sets other values, and none sits at 401"),
    ("safety.files.x__stand_in", (9, 13, 22, 23, 28, 34, 35, 39, 50, 51, 56), NODE_ARGUMENTS),
    ("safety.files.xǁGuardFilesǁguard_image", (45, 49), NODE_ARGUMENTS),
    ("safety.files.xǁGuardFilesǁguard_download", (41, 45), NODE_ARGUMENTS),
    ("safety.files.xǁLinkRemoteImagesǁrun", (28, 34, 38, 42), NODE_ARGUMENTS),
    ("safety.files.xǁGuardFilesǁguard_image", (3, 5, 8), "docutils gives every image its uri: the default is never used"),
    ("safety.files.xǁLinkRemoteImagesǁrun", (7, 9, 12), "docutils gives every image its uri: the default is never used"),
    ("safety.files.xǁGuardFilesǁguard_download", (3, 5, 8), "Sphinx gives every download reference its target: the "
                                                            "default is never used"),
    ("safety.files.xǁGuardFilesǁapply", (9,), "doc2path reads base as a flag: None is false as False is"),
    ("safety.files.xǁGuardedLiteralIncludeǁrun", (7,), "doc2path reads base as a flag: None is false as False is"),
    ("safety.files.xǁGuardFilesǁapply", (22,), "the loop acts on images and downloads only: finding every node finds "
                                               "the same ones"),
    ("safety.files.xǁGuardedLiteralIncludeǁrun", (38, 41), "a report is read with file insertion off, and docutils "
                                                           "reads the setting as a flag: None is false as False is"),
    ("publishing.search.x_mark_report", (33,), "no cycle is named '' or 'XXXX' (cycle names are lowercase): both find "
                                               "none"),
    ("publishing.search.x_setup_search", (27,), PRIORITY),
    ("publishing.search.x__copy_index", (11,), "an editions' folder is only in the editions' pages' index, at its top: "
                                               "leaving out one deeper leaves out none"),
    ("publishing.search.x__keep_index_files", (6, 8), "Pagefind writes no folder besides index, fragment and filter "
                                                      "(its playground only when asked): no folder is removed"),
    ("publishing.search.x__read_stamp", (3, 5), "the record is ASCII (a JSON object of hexadecimal digests): every "
                                                "codec Python may default to reads it alike"),
    ("publishing.search.x_make_indexes", (104, 106, 125), "the record is ASCII (a JSON object of hexadecimal "
                                                          "digests): every codec Python may default to writes it alike"),
    ("publishing.search.x_make_indexes", (56, 57, 58), "how many Pagefind runs go side by side changes the time, not "
                                                       "the indexes: each writes a folder of its own"),
    ("publishing.other_editions.xǁOtherEditionLinksǁrun", (20, 21, 24, 25, 28), NODE_ARGUMENTS),
    ("publishing.other_editions.xǁEditionTocTreeǁ_on_site", (24,), "an empty entry names the report's own folder, never "
                                                                   "a report of another edition"),
    ("publishing.other_editions.xǁEditionTocTreeǁparse_content", (16, 18), "Sphinx's toctree tells its warnings at the "
                                                                           "toctree, never at a line of its content"),
    ("publishing.other_editions.xǁOtherEditionLinksǁrun", (22, 26), "Sphinx's HTML writer marks a link with an address "
                                                                   "external unless its internal flag is true: None and "
                                                                   "no flag are false as False is"),
    ("publishing.mail.x_issue_html", (43,), "another midpoint between low + 1 and high: the search still halves the "
                                            "range and finds the same largest number"),
    ("publishing.switcher.x_setup_switcher", (6,), "at the default priority the editions are there before the theme "
                                                   "tests its sidebar too: this extension takes the sidebar's sections "
                                                   "out before that test (499) and puts them back after it (501)"),
    ("importing.markup.x_blog_address", (13,), IGNORE_CASE),
    ("importing.markup.x_html_to_markdown", (22,), IGNORE_CASE),
    ("importing.markup.x_paragraphs_of", (11, 24), IGNORE_CASE),
    ("importing.markup.x_blog_address", (4,), "another text for a value that is not text: it is no address either"),
    ("importing.markup.x_fence", (22,), "a text without the fence character gets the shortest fence (3) whether the "
                                        "longest run counts as 0 or 1"),
    ("importing.markup.x_web_address", (31,), "urlsplit finds a scheme exactly where the pattern does (a letter, then "
                                              "letters, digits, '+', '.' or '-', then ':')"),
    ("importing.markup.x_code_ranges", (26,), "a block's end line is never past the text's last line: the bound is "
                                              "never reached"),
    ("importing.directives.x__converted", (106,), "a default without a scheme links nothing, as the empty default does"),
    ("importing.directives.x_convert_directives", (11,), "a token that is not a fence has no info string: it is passed "
                                                         "over one test later"),
    ("importing.shortcodes.x_attributes", (23,), "an unquoted value is one character or more: the name's group and the "
                                                 "value's are found together"),
    ("importing.shortcodes.x_static_shortcodes", (514, 534), "a code range starts with a backtick, a fence or an indent, "
                                                             "never where a shortcode starts"),
    ("importing.shortcodes.x_static_shortcodes", (564,), "kept text holds kept text one level deep at most (an include's "
                                                         "text comes back whole): a third pass changes nothing"),
    ("importing.shortcodes.x_static_shortcodes", (146, 148), "web_address reads a missing address as an empty one"),
    ("importing.shortcodes.x_static_shortcodes", (190,), "fence strips the newlines a caption would leave: the block is "
                                                         "the same"),
    ("importing.shortcodes.x_static_shortcodes", (259,), "another id that is not digits makes no link either"),
    ("importing.shortcodes.x_wordpress_shortcodes", (133,), "only [caption] holds shortcodes that are converted, and "
                                                            "these hold none: two passes convert every one"),
    ("importing.shortcodes.x_wordpress_shortcodes", (110, 222, 234), NONE_TEXT),
    ("importing.shortcodes.x_wordpress_shortcodes", (55,), "the language is always text here (its last choice is ''): "
                                                           "the fallback is never used"),
    ("importing.shortcodes.x_wordpress_shortcodes", (69,), IGNORE_CASE),
    ("importing.shortcodes.x_wordpress_shortcodes", (73,), "html.escape reads quote as a flag: None is false as False is"),
    ("importing.markup.x__converter_class", (40, 42, 94, 96, 130, 132, 194, 196), "web_address reads a missing "
                                                                                   "address as an empty one"),
    ("importing.markup.x__converter_class", (59, 61, 64), "reached only when the link has an address: the default is "
                                                          "never used"),
    ("importing.markup.x__converter_class", (7,), "the text is stripped again once converted"),
    ("importing.markup.x__converter_class", (13,), "'strip' is markdownify's default"),
    ("importing.markup.x__converter_class", (14,), "the converter is never given other options"),
    ("importing.markup.x__converter_class", (15, 16), "markdownify writes ATX headings for any style but 'underlined' "
                                                      "and 'atx_closed' (and reads it in lower case)"),
    ("importing.markup.x__converter_class", (20,), "markdownify reads the newline style in lower case"),
    ("importing.markup.x__converter_class", (28, 287, 369), "the method called does not read its tags"),
    ("importing.markup.x__converter_class", (227, 374, 392, 410), "markdownify's convert_hN, convert_div, convert_code "
                                                                  "and convert_br do not read the element"),
    ("importing.markup.x__converter_class", (155, 160, 163, 168), "convert_img does not read its text"),
    ("importing.markup.x__converter_class", (164,), "convert_img returns before it reads the tags when the image has "
                                                    "no address, the only case that calls it here"),
    ("importing.markup.x__converter_class", (146, 148), "a caption read without its tags differs only in line breaks, "
                                                        "which the inline contexts (a table cell, a heading) join"),
    ("importing.markup.x__converter_class", (217,), "fence strips the newline a missing caption would leave"),
    ("importing.markup.x__converter_class", (303,), "the converter's blank lines are collapsed to two"),
    ("importing.markup.x__converter_class", (344,), "the title is compared case-folded"),
    ("importing.markup.x__converter_class", (416,), "a tag without a conversion of markdownify's keeps its text, as "
                                                    "convert_sub does"),
    ("importing.markup.x_separators", (6,), "a code range starts with a fence, an indent or a backtick, never where "
                                            "a rule or a heading starts"),
    ("importing.directives.x__converted", (93, 95), "None is read as no title, as the empty default is"),
    ("safety.files.xǁGuardFilesǁguard_image", (51, 53), NONE_TEXT),
    ("importing.files.x__plain_string", (3, 7), "the mark is not shown: the message names the problem only"),
    ("importing.files.x_load_toml", (1,), "the Python running is 3.11 or later, where both comparisons agree"),
    ("importing.files.x_local_pictures", (65,), "'' is false as None is"),
    ("importing.files.x_read_text", (13,), SAME_CODEC),
    ("importing.files.x__json_object_end", (23, 27), "counting down instead of up reaches zero at the same brace"),
    ("importing.files.x__json_object_end", (6, 14), "None is a false flag, as False is"),
    ("importing.files.x_split_front_matter", (60,), "front matter that starts with '{' and is read is a JSON object"),
    ("importing.ledger.x__read", (10,), SAME_CODEC),
    ("importing.ledger.x_all_ledgers", (4,), "a file reached through a linked folder is refused when it is read: "
                                             "nothing is found either way"),
    ("importing.ledger.xǁLedgerǁpath_of", (7,), "a slug is case-folded: it holds no 'X' to strip"),
    ("importing.ledger.xǁLedgerǁpath_of", (8, 9), "slugify never returns an empty string (a name without letters "
                                                  "gets a digest), so the fallback is never used"),
    ("importing.ledger.xǁLedgerǁtext", (4,), "json.dumps reads ensure_ascii as a flag: None is false as False is"),
    ("importing.disqus.x__elements", (21, 22), "the end tag is looked for after the start tag: when found, it is "
                                               "never at 0"),
    ("importing.disqus.x_last_part", (18, 21), "only the last part is used"),
    ("importing.disqus.x_read_disqus", (18, 20, 88, 90, 195, 197), "None is read as no id, as the empty default is"),
    ("importing.disqus.x_read_disqus", (77, 79, 83, 85), "no thread is keyed None, '' or 'XXXX': each finds none"),
    ("importing.disqus.x_read_root", (14,), "the root is the document's first element: it is found in the first "
                                            "4,096 bytes either way"),
    ("importing.disqus.x_read_root", (25, 27), "the refusal's own message is not used: its cause's is"),
    ("importing.disqus.x_read_root", (31,), "an element's refusal is always caused by a ParseError"),
    ("importing.disqus.x_read_root", (36, 39, 42, 43), "a ParseError always has its position"),
    ("publishing.build.x_build_edition", (8,), "Sphinx builds HTML when it is given no builder name"),
    ("publishing.build.x_build_edition", (9,), "the build's progress is read by nobody: None writes it nowhere, as the "
                                               "StringIO does"),
    ("importing.wordpress.x__comments", (107,), "another default that is not digits counts no likes either"),
    ("importing.wordpress.x__comments", (13, 14), "the type is only compared with 'pingback' and 'trackback'"),
    ("importing.wordpress.x__comments", (79, 80), XML_CONTROL),
    ("importing.wordpress.x__post", (119, 120, 121, 122), XML_CONTROL),
    ("importing.wordpress.x__family", (13,), "WordPress's namespaces end in a digit or 'excerpt', never in 'X'"),
    ("importing.wordpress.x__family", (19, 21), "None is read as no family, as '' is"),
    ("importing.wordpress.x__family", (30, 31, 32, 33, 34), "the wfw values are never read"),
    ("importing.wordpress.x__local", (4, 5, 7), "a tag holds one '}' at most"),
    ("importing.wordpress.x__namespace", (6, 7, 10), "a tag holds one '}' at most"),
    ("importing.wordpress.x__namespace", (2, 14), "a tag without a namespace gets no family either way"),
    ("importing.wordpress.x_parse_export", (10,), "declaring prefixes mends an unbound prefix only: any other error "
                                                  "stays, and is told"),
    ("importing.wordpress.x_parse_export", (18, 20, 21), "a DTD is refused by the first reading, before any prefix is "
                                                         "looked at"),
    ("importing.wordpress.x_read_wordpress", (29, 30), "the site's own address (base_site_url) is never read"),
    ("importing.wordpress.x_read_wordpress", (61,), "other elements have no author login: they name the empty login, "
                                                    "which no post asks for"),
    ("importing.wordpress.xǁ_Itemǁ__init__", (1,), "the element is never read again"),
    ("importing.wordpress.xǁ_Itemǁ__init__", (17, 19, 22, 24, 26, 29), "a missing domain or nicename is neither "
                                                                       "'category', 'post_tag' nor 'uncategorized' "
                                                                       "either way"),
    ("importing.wordpress.xǁ_Itemǁ__init__", (45,), "a meta entry under another key is never read"),
    ("publishing.sitemap.x__site_url", (7,), "reached only when sphinx-sitemap is loaded, which declares site_url"),
    ("publishing.sitemap.x_page_locations", (26, 29), "reached only when sphinx-sitemap is loaded, which declares "
                                                      "sitemap_excludes"),
    ("publishing.sitemap.x_page_locations", (32,), "another pattern that never matches, as (?!) never does"),
    ("publishing.sitemap.x_encode_sitemap", (27, 32, 84, 86, 91, 93), DEFAULT_CODEC),
    ("publishing.sitemap.x_encode_sitemap", (29, 34, 88, 100), SAME_CODEC),
    ("publishing.sitemap.x_encode_sitemap", (74,), "a sitemap holds one </urlset>"),
    ("publishing.sitemap.x_setup_sitemap", (21, 30, 39), PRIORITY),
    ("publishing.sitemap.x_setup_sitemap", (27,), "the page's meta tags hold docutils' viewport tag from the start and "
                                                  "no handler adds one: removed at 500 or at 900, one is left"),
    ("adapters.pages.x_listings_to_rewrite", (19,), "any one text stands for a note that shows nothing: a note that "
                                                    "shows something is never empty"),
    ("adapters.pages.x_write_stub_pages", (73,), DEFAULT_CODEC),
    ("adapters.pages.x_write_stub_pages", (75,), SAME_CODEC),
    ("publishing.offline.x_pages_digest", (15, 19), "the separators keep the fields apart: other bytes do as well"),
    ("publishing.offline.x__make", (18, 20), DEFAULT_CODEC),
    ("publishing.offline.x__make", (27,), SAME_CODEC),
    ("publishing.offline.x__make", (6, 7, 10, 11), "the folder of an edition's file is editions/ whatever its name "
                                                   "and kind"),
    ("publishing.offline.x_build_book", (6,), "the scratch folder is removed when every run ends: one is left only by "
                                              "a killed process"),
    ("publishing.offline.x_build_book", (24,), "the offline build sets newsletter_book, which makes no offline "
                                               "editions whatever newsletter_offline says"),
    ("publishing.offline.x_build_book", (61, 70), "Sphinx given no progress stream keeps the progress in one of its "
                                                  "own, as it keeps ours: nothing is printed either way"),
    ("publishing.offline.x_build_book", (64, 73, 78, 79, 80), "the scratch doctrees are new for each edition: "
                                                              "reading every page again or not makes the same pages"),
    ("publishing.offline.x_build_book", (76, 77), "the doctrees are kept in any folder of the scratch folder"),
    ("publishing.offline.x_build_book", (111, 113, 114), "the scratch folder is the run's own: removing it does not "
                                                         "fail"),
    ("publishing.offline.x_write_pdf", (19, 21), "WeasyPrint asks with no headers (None)"),
    ("publishing.offline.x_write_pdf", (29,), "LocalFiles itself refuses every address but the build's files"),
    ("publishing.offline.x_make_offline_editions", (15, 116), DEFAULT_CODEC),
    ("publishing.offline.x_make_offline_editions", (17, 123), SAME_CODEC),
    ("publishing.offline.x_make_offline_editions", (114,), DEFAULT_CODEC),
    ("publishing.offline.x_make_offline_editions", (59, 64, 69, 70), "the number of threads changes only how many "
                                                                     "editions are made at once"),
    ("publishing.offline.x_make_offline_editions", (75, 78, 91), "map yields one result per edition: the lengths "
                                                                 "always agree"),
    ("publishing.offline.x_make_offline_editions", (105,), "None is false: the path stays relative"),
    ("publishing.offline.x_setup_offline", (9,), PRIORITY),
    ("publishing.offline.x_setup_offline", (6,), "the default priority (500) is also before Pagefind's (990): the "
                                                 "handlers between (the sitemap's encoding, the collector's unfreeze, "
                                                 "the removal of stale page files) neither read nor remove the "
                                                 "editions' EPUB, PDF and digests"),
    ("publishing.offline.x_build_book", (22, 23), "the offline build sets newsletter_book, which makes no offline "
                                                  "edition of its own either"),
    ("publishing.offline.x_build_book", (33, 34, 35, 36), "the book shows no version: the epub theme and the PDF "
                                                          "(its title set) never print it"),
    ("publishing.offline.x_build_book", (45, 46, 47, 48), "the epub theme shows no sidebar and reads no option, and "
                                                          "Sphinx warns of neither: the site's own are passed over "
                                                          "alike"),
    ("importing.staticsite.x__label", (8,), "a reference definition always starts with its label"),
    ("importing.staticsite.xǁStaticSiteǁ__init__", (95,), "the converter's name is compared lowercased: the case of "
                                                           "its default changes nothing"),
    ("importing.staticsite.x__abbreviate", (33, 36), "names that can match at one place start alike, and the longer "
                                                    "sorts after the shorter: in reverse, by length or by text, it "
                                                    "is tried first"),
    ("importing.staticsite.x__abbreviate", (50,), "a skipped match is its first group whole"),
    ("importing.staticsite.x_markdown_body", (168, 172, 173), "a closing token, or an inline one, always comes after an "
                                                          "opening one that is no rule: between two rules of one "
                                                          "level, neither way of taking the block before sees a rule"),
    ("importing.staticsite.x_markdown_body", (262, 263), "it is set before the first line joins a run, and read only "
                                                         "once the run holds one"),
    ("importing.staticsite.x__links_outside_code", (1,), "markdown_body, its one caller, always says whether to "
                                                         "look for abbreviations"),
    ("importing.staticsite.x__comments", (44,), "a comment without a date is left out: where it sorts changes nothing"),
    ("importing.staticsite.x__replaced_outside_code", (5, 20), "identical tags are each replaced, one per inline "
                                                               "child: which one goes first gives the same line"),
    ("importing.staticsite.x__replaced_outside_code", (10,), "a code span starts with a backtick, the tag with '<': "
                                                             "one never starts where the other does"),
    ("importing.staticsite.x__replaced_outside_code", (22,), "a tag cannot start again one character on: its second "
                                                             "character is a letter or '/', not '<'"),
    ("importing.staticsite.x_markdown_body", (14,), IGNORE_CASE),
    ("importing.staticsite.x_markdown_body", (64,), "markdown-it's first token opens a block, never an inline one: "
                                                    "what stands before it is never read"),
    ("importing.staticsite.x_markdown_body", (91,), "a heading's closing token carries its markup and tag as its "
                                                    "opening does: the same levels are found"),
    ("importing.staticsite.x_markdown_body", (68,), "a nested block comes after the top-level block that holds it, "
                                                    "which the search for the block above an id finds first"),
    ("importing.staticsite.x_markdown_body", (75, 76), "an inline token sits inside its block, never at level 0"),
    ("importing.staticsite.x_markdown_body", (118,), "the attributes found where no heading line is known are never "
                                                     "used: the next condition asks for the line first"),
    ("importing.staticsite.x__block_attributes", (20,), "the line after the block is the attribute list's own, "
                                                        "which shows nothing: a box closing before it or after it "
                                                        "closes at the same place"),
    ("importing.staticsite.x_markdown_body", (272,), "a blank line before a target at the very start is stripped "
                                                     "with the body's other leading blanks"),
    ("importing.staticsite.x_safe_html_blocks", (32,), HTML_TO_MARKDOWN_END),
    ("importing.staticsite.x_whole_html_blocks", (35,), IGNORE_CASE),
    ("importing.staticsite.x_whole_html_blocks", (88,), HTML_TO_MARKDOWN_END),
    ("importing.staticsite.xǁStaticSiteǁ_address", (10, 37), "an address without a scheme and a host is no blog's "
                                                           "address (blog_address gives None), whatever stands for "
                                                           "the missing part"),
    ("importing.staticsite.xǁStaticSiteǁ_comments_folder", (12, 17), FIRST_PART),
    ("importing.staticsite.x__reference", (23,), "markdown_body names the dead labels before the links are rewritten"),
    ("importing.staticsite.x__reference", (3,), "another joiner of the case-folded words: two labels join alike under one "
                                                 "joiner exactly when they do under the other (no upper-case X is left)"),
    ("importing.staticsite.x_hugo_addresses", (53,), "a page in no section: no permalinks key names it under one name or "
                                                     "the other, and :section is read only from a pattern"),
    ("importing.writer.x__copy_pictures", (15, 19, 20), "the target was found missing just before: only a race tells "
                                                        "an exclusive write from another"),
    ("importing.writer.x_grouped", (33, 35, 36), "in this branch there are always more than shown"),
    ("importing.writer.x__compare", (18,), SAME_CODEC),
    ("importing.writer.x_report_text", (108,), "None is false as False is"),
    ("importing.writer.x_report_text", (112,), "every value written is a plain str, date, bool or a list made here: "
                                               "PyYAML's full dumper writes them as the safe one does, with no alias"),
    ("importing.writer.x__compare", (19,), "a report's text is never empty (its front matter at least): an unreadable "
                                           "file compares unequal either way"),
    ("importing.writer.x__links", (5, 10), FIRST_PART),
    ("importing.writer.x__plan_feedback", (28, 109), SAME_CODEC),
    ("importing.writer.x__plan_feedback", (110,), "nothing is told of a plan before its feedback is planned: the list "
                                                  "is empty until then"),
    ("importing.writer.x__report_date", (11,), SAME_CODEC),
    ("importing.writer.x_clean", (4,), "a blank value cleans to the empty text, which every caller takes as none (an "
                                       "'or' or an 'if')"),
    ("importing.writer.x_comment_entries", (11,), "None is false as False is"),
    ("importing.writer.x_entry_id", (14, 16), "the key is lower-cased first: it holds no 'X'"),
    ("importing.writer.x_plan", (126, 140), "a new report's text is written by report_text before it is read (a plan "
                                            "that fails is dropped)"),
    ("importing.writer.x_plan_disqus", (111, 121), "a Disqus page's post only carries comments into a feedback file: "
                                                   "its body is never written"),
    ("importing.writer.x_plan_disqus", (129, 141), "a Disqus page's report is unchanged: its text is never written"),
    ("importing.writer.x_plan_disqus", (27, 28), "a Disqus ledger records the report a blog's ledger gave each page, at "
                                                 "the addresses that found it: read as a blog's, it finds the same "
                                                 "reports"),
    ("importing.ablog.x_read_ablog", (10,), "a missing conf.py reads as no values"),
    ("importing.ablog.x_rst_to_html", (7,), "docutils reads an option_spec only when it is not empty: '' is as None"),
    ("importing.ablog.x_rst_to_html", (9, 35, 88, 99, 100, 124, 151), NODE_ARGUMENTS),
    ("importing.ablog.x_rst_to_html", (42,), "docutils writes no empty class name: a block without a language has "
                                             "the same classes"),
    ("importing.ablog.x_rst_to_html", (75, 76), "'See also' has no place for a version, and the separator is never "
                                                "read"),
    ("importing.ablog.x_rst_to_html", (94,), "the line is only for messages, which report_level 5 never shows"),
    ("importing.ablog.x_rst_to_html", (242,), "docutils' levels end at 4 (severe): report levels 5 and 6 both show "
                                              "none"),
    ("importing.ablog.x_rst_to_html", (243, 244, 245), "with files and raw refused, docutils reports nothing severe "
                                                       "(only reading a file is): no halt level is reached"),
    ("importing.ablog.x_rst_to_html", (256, 257), "docutils reads math_output's name ignoring case"),
    ("importing.ablog.x_rst_to_html", (258, 259, 261, 262, 264, 265), "docutils' own default for the setting (no "
                                                                      "configuration file is read): naming it only "
                                                                      "says so"),
    ("importing.ablog.x__without_front_matter", (2,), "a text that does not start with front matter comes back whole"),
    ("importing.ablog.x_notebook_text", (47,), "None is false: the keys keep their order"),
    ("importing.ablog.x_notebook_text", (75,), "None is false as False is"),
    ("importing.ablog.x__output", (62,), "a length is a whole number: above n + 4 and above n + 4 and a fraction below "
                                         "one are the same"),
    ("importing.ablog.x__output", (66,), "a base64 length is a multiple of four, and a third more than a byte count "
                                         "(rounded down) is never one short of one: the limits refuse the same lengths"),
    ("importing.ablog.x__output", (77,), "any bytes that do not start as a picture are refused alike"),
    ("importing.ablog.x__rst_post", (1,), "every caller says whether the file matches a pattern"),
    ("importing.ablog.x__myst_post", (1,), "every caller says whether the file matches a pattern"),
    ("importing.ablog.x__rst_post", (29,), "a missing blogpost field is not 'true' whatever stands for it"),
    ("importing.ablog.x__myst_post", (12, 14, 17), "a missing blogpost field is not 'true' whatever stands for it"),
    ("importing.ablog.x__myst_post", (32,), "a value is kept only when it has text: its fallback is never used"),
    ("safety.rest.x_give_lines", (14,), "a text node has no line: looking at every node finds the same lines"),
    ("safety.structure.x_keep_other_raw_out", (20,), "another format that no builder has removes the same nodes"),
    ("safety.structure.x__take_out", (2, 3, 12), "Sphinx always wraps a toctree alone in a compound of class "
                                                 "toctree-wrapper, and a report's list of pages takes its place there"),
    ("safety.structure.xǁGuardNavigationǁapply", (10, 11, 13), "the list of pages is resolved before any writer sees it: its "
                                                           "rawsource is never read"),
    ("safety.structure.xǁGuardNavigationǁapply", (18, 20), "Sphinx's toctree directive always sets includefiles"),
    ("safety.structure.xǁShowPageContentsǁrun", (4, 5, 7), "the toctree made here is resolved at once: its rawsource "
                                                           "is never read"),
    ("safety.structure.xǁShowPageContentsǁrun", (17,), "prune=True is TocTree.resolve's default"),
    ("core.settings.x_follow_cycles", (20,), "the name is read only when the cycle has a start: another name for no "
                                              "start changes nothing"),
    ("core.settings.xǁCadenceǁend_after", (25, 27), "the year is changed only for a cycle ending in December, and every "
                                                     "December has 31 days"),
]
EQUIVALENT = {f"sphinx_newsletter.{where}__mutmut_{number}": reason
              for where, numbers, reason in EQUIVALENT_MUTANTS for number in numbers}
KILLED = ("killed", "timeout", "killed in a fresh process")
IMPORT_TIME = {*(f"sphinx_newsletter.core.fields.x_{name}" for name in ("text_schema", "text", "_text", "names", "_names",
                                                                        "tags", "_tags")),
               "sphinx_newsletter.core.settings.x_setting"}
"""Factories called once, at import, to build the field table and the settings table: mutmut switches a mutant on
when a function is called, after the import, so their mutants never run in its processes. Each survivor is run
again in a fresh process with the mutant switched on from the start, against the tests that read the tables."""
IMPORT_TIME_TESTS = ("tests/test_report_verdicts.py", "tests/test_schema_agreement.py", "tests/test_feedback_verdicts.py",
                     "tests/test_policy_verdicts.py", "tests/test_settings_verdicts.py")
THRESHOLD = 0.90
REPORT = Path(__file__).parent.parent / "MUTATION.md"
PYPROJECT = REPORT.parent / "pyproject.toml"
PACKAGE = REPORT.parent / "src" / "sphinx_newsletter"
TARGETS = ("core", "safety", "feedback", "importing", "publishing")  # the packages issue 27 names


def outcomes() -> dict[str, str]:
    listed = subprocess.run([sys.executable, "-m", "mutmut", "results", "--all", "true"], capture_output=True,
                            text=True, check=True).stdout
    found = {}
    for line in listed.splitlines():
        name, _, status = line.strip().rpartition(": ")
        if name.startswith("sphinx_newsletter."):
            found[name] = status
    return found


def killed_in_a_fresh_process(name: str) -> bool:
    environment = {**os.environ, "PYTHONPATH": "src", "MUTANT_UNDER_TEST": name}
    run = subprocess.run([sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *IMPORT_TIME_TESTS],
                         cwd=REPORT.parent / "mutants", env=environment, capture_output=True, check=False)
    return run.returncode not in (0, 5)  # 5: no test ran


def rerun_import_time(found: dict[str, str]) -> None:
    names = [name for name, status in found.items() if status == "survived" and name.split("__mutmut_")[0] in IMPORT_TIME]
    with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        for name, killed in zip(names, pool.map(killed_in_a_fresh_process, names), strict=True):
            if killed:
                found[name] = "killed in a fresh process"


def main() -> int:
    found = outcomes()
    rerun_import_time(found)
    counts = collections.Counter(found.values())
    equivalent = {name for name in found if name in EQUIVALENT}
    judged = {name: status for name, status in found.items() if name not in equivalent}
    killed = sum(1 for status in judged.values() if status in KILLED)
    unexplained = sorted(name for name, status in judged.items() if status not in KILLED)
    score = killed / len(judged) if judged else 0.0
    modules = sorted({re.sub(r"\.xǁ.*|\.x_.*", "", name) for name in found})
    config = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["tool"]["mutmut"]
    tests = ", ".join(f"`{name}`" for name in config["pytest_add_cli_args_test_selection"])
    mutated = {Path(name) for name in config["only_mutate"]}
    unmutated = sorted(str(path.relative_to(PACKAGE)) for folder in TARGETS for path in (PACKAGE / folder).glob("*.py")
                       if path.relative_to(PYPROJECT.parent) not in mutated and path.name != "__init__.py")
    lines = [
        "# Mutation testing",
        "",
        "`make mutation` runs [mutmut](https://github.com/boxed/mutmut) over the modules below (pyproject.toml,",
        f"`[tool.mutmut]`) with the tests that pin them by hand-written verdicts ({tests}), then",
        "`tests/mutation_score.py` writes this page. It is not part of `make test`.",
        "",
        f"Modules: {', '.join(f'`{module}`' for module in modules)}.",
        "",
        f"Not mutated yet (of the packages the issue names): {', '.join(f'`{name}`' for name in unmutated) or 'none'}.",
        "",
        f"- mutants: {len(found)} ({', '.join(f'{count} {status}' for status, count in sorted(counts.items()))})",
        f"- equivalent (listed below, left out of the score): {len(equivalent)}",
        f"- **score: {killed} of {len(judged)} non-equivalent mutants killed ({score:.1%})**; a timeout counts as "
        "killed (the mutant made a test hang)",
        "- the field table's factories run at import, before mutmut switches a mutant on: their survivors are run "
        "again in a fresh process with the mutant on from the start (\"killed in a fresh process\")",
        "",
        "## Equivalent mutants",
        "",
        *(f"- `{name}`: {EQUIVALENT[name]}" for name in sorted(equivalent)),
        "",
        "## Surviving mutants that are not equivalent",
        "",
        *([f"- `{name}`: {judged[name]}" for name in unexplained] or ["None."]),
        "",
    ]
    REPORT.write_text("\n".join(lines), encoding="utf-8")
    print(f"mutation score {score:.1%} ({killed}/{len(judged)}), {len(equivalent)} equivalent; written to {REPORT.name}")
    stale = sorted(set(EQUIVALENT) - set(found) | {name for name in equivalent if found[name] in KILLED})
    if stale:
        print(f"listed as equivalent but not found or killed (the code or the tests moved: look again): {', '.join(stale)}")
    if unexplained or score < THRESHOLD or stale:
        print("surviving mutants to kill with a test or to name as equivalent: " + ", ".join(unexplained))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
