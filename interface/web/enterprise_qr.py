"""An enterprise's QR code (扫码入企): the link it encodes, drawn by segno as SVG or PNG."""

from __future__ import annotations

import io
from urllib.parse import urlencode

import segno

from domain.enterprise import CreditCode

SCALE_SVG = 6  # pixels per module on screen
SCALE_PNG = 10  # pixels per module in the file to download, sharp when printed


def inspection_link(base_url: str, credit_code: CreditCode) -> str:
    """The inspection registration form for the enterprise, at `base_url`."""
    return f"{base_url}/cases/inspections/new?{urlencode({'credit_code': credit_code.value})}"


def qr_code(link: str) -> segno.QRCode:
    """The QR code of `link`, error correction M (a code printed at a gate survives some wear)."""
    return segno.make_qr(link, error="m", boost_error=False)


def qr_svg(link: str) -> str:
    """The code as inline SVG markup (made by segno from `link` alone)."""
    return qr_code(link).svg_inline(scale=SCALE_SVG, title=None)


def qr_png(link: str) -> bytes:
    buffer = io.BytesIO()
    qr_code(link).save(buffer, kind="png", scale=SCALE_PNG, border=4)
    return buffer.getvalue()
