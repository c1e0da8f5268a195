#!/usr/bin/env python3
"""Writes the hostile packages the DOCX/ODT readers must refuse cleanly.

Run from this directory: python3 make_hostile.py. The good documents
(entrevista.*, interview.*) were made from the .fodt sources with
`soffice --headless --convert-to docx|odt X.fodt` (libreoffice-writer-nogui).
"""
import zipfile

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
DOC = (f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W}"><w:body>'
       '<w:p><w:r><w:t>Hola.</w:t></w:r></w:p></w:body></w:document>')


def docx(path, members, compression=zipfile.ZIP_DEFLATED):
    with zipfile.ZipFile(path, "w", compression) as z:
        for name, data in members:
            z.writestr(name, data)


# 30 MB of one byte in a few KB: refused by the compression-ratio cap long
# before the 64 MB member cap.
docx("bomb.docx", [("word/document.xml", b"<" * (30 << 20))])
# A member that would climb out of the extraction directory.
docx("traversal.docx", [("word/document.xml", DOC), ("../../x", "boom")])
# An XML part with an internal DTD and a billion-laughs entity.
laughs = ('<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY a "hahahahahahahahaha">'
          + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">'
                    for i in range(9))
          + f']><w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>&j;</w:t></w:r></w:p>'
          '</w:body></w:document>')
docx("entities.docx", [("word/document.xml", laughs)])
# A zip without the part a .docx must have.
docx("no_document.docx", [("word/styles.xml", "<x/>")])
# Not well-formed XML.
docx("malformed.docx", [("word/document.xml", DOC[:-20])])
# The good document cut in half.
with open("entrevista.docx", "rb") as f:
    good = f.read()
with open("truncated.docx", "wb") as f:
    f.write(good[: len(good) // 2])
