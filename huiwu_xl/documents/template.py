"""docxtpl's DocxTemplate without the passes over the whole rendered document that ours never need.

After rendering, docxtpl (1) turns tab, newline, bell and form-feed characters inside text into
Word runs, breaks and paragraphs, with nested regex passes over every paragraph and run, and
(2) re-counts every row's cells to mend table grids that `{%tc %}` column loops or merge tags
changed. For a 10,000-row sign-in sheet that is about a second, though (1) can only change a
paragraph holding one of those characters and (2) only a table whose cells a tag added or
removed. Here (1) runs on just those paragraphs and (2) only when the template has such tags:
the XML comes out the same.
"""
from __future__ import annotations

import re

from docxtpl import DocxTemplate

_LISTING = re.compile("[\t\a\n\f]")
_PARAGRAPH = re.compile(r"<w:p(?: [^>]*)?>.*?</w:p>", re.DOTALL)  # the pattern docxtpl splits on
_CELL_TAGS = re.compile(r"[{][%{#]-?\s*(?:tc\s|colspan|[vh]m\b)")  # tags that add, merge or remove cells
_XML_TAG = re.compile(r"<[^>]+>")


class Template(DocxTemplate):
    _cells_change = True

    def resolve_listing(self, xml: str) -> str:
        if not _LISTING.search(xml):
            return xml
        resolve = super().resolve_listing
        return _PARAGRAPH.sub(lambda m: resolve(m.group(0)) if _LISTING.search(m.group(0)) else m.group(0), xml)

    def build_xml(self, context, jinja_env=None):
        text = _XML_TAG.sub("", self.get_xml())  # a tag Word split over several runs reads whole
        self._cells_change = bool(_CELL_TAGS.search(text))
        return super().build_xml(context, jinja_env)

    def fix_tables(self, xml):
        if self._cells_change:
            return super().fix_tables(xml)
        from lxml import etree

        return etree.fromstring(xml, parser=etree.XMLParser(recover=True))  # what fix_tables parses with
