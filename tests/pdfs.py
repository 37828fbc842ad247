"""Small real PDF files for the reader tests, written byte by byte (no PDF library needed to make them)."""

from __future__ import annotations


def make_pdf(pages: list[list[str]]) -> bytes:
    """A valid PDF 1.4 file: one page per entry, each line of text drawn in Helvetica."""
    chunks: list[bytes] = [b"%PDF-1.4\n"]
    offsets: dict[int, int] = {}

    def add(number: int, body: bytes) -> None:
        offsets[number] = sum(len(c) for c in chunks)
        chunks.append(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")

    page_numbers = [4 + 2 * i for i in range(len(pages))]
    kids = " ".join(f"{n} 0 R" for n in page_numbers)
    add(1, b"<< /Type /Catalog /Pages 2 0 R >>")
    add(2, f"<< /Type /Pages /Kids [{kids}] /Count {len(pages)} >>".encode())
    add(3, b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    for number, lines in zip(page_numbers, pages, strict=True):
        ops = ["BT", "/F1 11 Tf", "14 TL", "50 780 Td"]
        for line in lines:
            escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
            ops.append(f"({escaped}) Tj T*")
        ops.append("ET")
        stream = "\n".join(ops).encode("latin-1")
        add(number, (f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
                     f"/Resources << /Font << /F1 3 0 R >> >> /Contents {number + 1} 0 R >>").encode())
        add(number + 1, f"<< /Length {len(stream)} >>\nstream\n".encode() + stream + b"\nendstream")
    size = 4 + 2 * len(pages)
    xref_at = sum(len(c) for c in chunks)
    table = "".join(f"{offsets[n]:010d} 00000 n \n" for n in range(1, size))
    chunks.append(f"xref\n0 {size}\n0000000000 65535 f \n{table}".encode())
    chunks.append(f"trailer\n<< /Size {size} /Root 1 0 R >>\nstartxref\n{xref_at}\n%%EOF\n".encode())
    return b"".join(chunks)
