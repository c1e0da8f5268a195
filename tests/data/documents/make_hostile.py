#!/usr/bin/env python3
"""Writes the hostile packages and PDFs the readers must refuse cleanly.

Run from this directory: python3 make_hostile.py. The good documents
(entrevista.*, interview.*) were made from the .fodt sources with
`soffice --headless --convert-to docx|odt X.fodt` (libreoffice-writer-nogui).
"""
import hashlib
import struct
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

# An EPUB 3 book made by hand (LibreOffice's EPUB export drops tracked
# changes and italics): two chapters whose spine order is the reverse of
# their manifest order, the same text as entrevista.txt.
XHTML = ('<?xml version="1.0" encoding="UTF-8"?><html xmlns="http://www.w3.org/1999/xhtml" '
         'xmlns:epub="http://www.idpf.org/2007/ops"><head><title>{t}</title></head>'
         '<body>{b}</body></html>')
one = ('<h1>Entrevista con Rosa P&#233;rez</h1>'
       '<p>Llegamos a Santiago en marzo de 1970. La ciudad estaba llena de gente que\n'
       'ven\u00eda del campo.</p>'
       '<p>Participamos en las <em>tomas de terreno</em> (land takeovers) de la comuna. '
       'Mi hermano trabajaba en la <b>Junta de Vecinos</b>.</p>')
two = ('<p>Despu\u00e9s nos mudamos a una casa propia. All\u00ed vivimos muchos a\u00f1os.</p>'
       '<ul><li>Primero organizamos la olla com\u00fan.</li>'
       '<li>Luego abrimos una escuela para los ni\u00f1os.</li></ul>'
       '<p>Nunca olvidaremos aquellos a\u00f1os.</p>'
       '<aside epub:type="footnote"><p>La comuna se llamaba La Florida.</p></aside>')
OPF = ('<?xml version="1.0" encoding="UTF-8"?><package xmlns="http://www.idpf.org/2007/opf" '
       'version="3.0" unique-identifier="id"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/">'
       '<dc:identifier id="id">entrevista</dc:identifier><dc:title>Entrevista</dc:title>'
       '<dc:language>es</dc:language></metadata><manifest>'
       '<item id="c2" href="text/cap%202.xhtml" media-type="application/xhtml+xml"/>'
       '<item id="c1" href="text/cap1.xhtml" media-type="application/xhtml+xml"/>'
       '<item id="css" href="style.css" media-type="text/css"/></manifest>'
       '<spine><itemref idref="c1"/><itemref idref="css"/><itemref idref="c2"/></spine></package>')
CONTAINER = ('<?xml version="1.0"?><container version="1.0" '
             'xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles>'
             '<rootfile full-path="OEBPS/book.opf" media-type="application/oebps-package+xml"/>'
             '</rootfiles></container>')
with zipfile.ZipFile("entrevista.epub", "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr(zipfile.ZipInfo("mimetype"), "application/epub+zip")
    z.writestr("META-INF/container.xml", CONTAINER)
    z.writestr("OEBPS/book.opf", OPF)
    z.writestr("OEBPS/style.css", "p { margin: 0 }")
    z.writestr("OEBPS/text/cap%s.xhtml" % " 2", XHTML.format(t="2", b=two))
    z.writestr("OEBPS/text/cap1.xhtml", XHTML.format(t="1", b=one))

# entrevista.pdf is `soffice --headless --convert-to pdf entrevista_pdf.fodt`
# (renamed): the same text as entrevista.txt on two small pages, with a
# running header, a "Página N de 2" footer, "organi-zamos" hyphenated at a
# line end by a soft hyphen, and a paragraph running on to page 2.


def pdf(objects):
    """A PDF file of the given objects (numbered from 1), with a correct
    cross-reference table, as a writer would make it."""
    out = b"%PDF-1.4\n"
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += (b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n"
            % (len(objects) + 1, xref))
    return out


# A scan, as far as text goes: a valid one-page PDF whose page only draws a
# filled rectangle (no text operator, no font).
DRAW = b"0.5 g 72 72 200 100 re f"
with open("scan.pdf", "wb") as f:
    f.write(pdf([b"<< /Type /Catalog /Pages 2 0 R >>",
                 b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                 b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
                 b"<< /Length %d >>\nstream\n" % len(DRAW) + DRAW + b"\nendstream"]))
# The good PDF cut in half, as an interrupted download leaves it.
with open("entrevista.pdf", "rb") as f:
    good = f.read()
with open("truncated.pdf", "wb") as f:
    f.write(good[: len(good) // 2])


def rc4(key, data):
    s = list(range(256))
    j = 0
    for i in range(256):
        j = (j + s[i] + key[i % len(key)]) % 256
        s[i], s[j] = s[j], s[i]
    out, i, j = bytearray(), 0, 0
    for b in data:
        i = (i + 1) % 256
        j = (j + s[i]) % 256
        s[i], s[j] = s[j], s[i]
        out.append(b ^ s[(s[i] + s[j]) % 256])
    return bytes(out)


# Password-protected: the standard security handler, revision 2 (40-bit
# RC4), with a user password, so that nothing opens without it. Only the
# password check matters here, so the page's content is left as it is.
PAD = bytes.fromhex("28bf4e5e4e758a4164004e56fffa01082e2e00b6d0683e802f0ca9fe6453697a")
FILE_ID = b"0123456789abcdef"
owner = rc4(hashlib.md5(b"propietario"[:32] + PAD[: 32 - len(b"propietario")]).digest()[:5],
            b"secreto" + PAD[: 32 - len(b"secreto")])
perms = -4
key = hashlib.md5(b"secreto" + PAD[: 32 - len(b"secreto")] + owner
                  + struct.pack("<i", perms) + FILE_ID).digest()[:5]
user = rc4(key, PAD)
with open("encrypted.pdf", "wb") as f:
    body = pdf([b"<< /Type /Catalog /Pages 2 0 R >>",
                b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
                b"<< /Length %d >>\nstream\n" % len(DRAW) + DRAW + b"\nendstream",
                b"<< /Filter /Standard /V 1 /R 2 /O <" + owner.hex().encode() + b"> /U <"
                + user.hex().encode() + b"> /P %d >>" % perms])
    # The trailer names the encryption dictionary (object 5) and the file ID.
    f.write(body.replace(b"/Root 1 0 R >>", b"/Root 1 0 R /Encrypt 5 0 R /ID [<"
                         + FILE_ID.hex().encode() + b"> <" + FILE_ID.hex().encode() + b">] >>"))
