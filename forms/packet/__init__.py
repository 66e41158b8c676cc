"""PDF submission packets (申报材料), generated from the form definitions with reportlab.

``render_packet(Packet(...))`` gives the PDF bytes of one application; no part of the layout
names a form's fields, so a new form prints without a layout of its own.
"""

from forms.packet.model import (
    Packet,
    PacketAttachment,
    fingerprint,
    packet_from_document,
    short_fingerprint,
)
from forms.packet.render import PacketCancelled, PacketOptions, render_packet

__all__ = [
    "Packet",
    "PacketAttachment",
    "PacketCancelled",
    "PacketOptions",
    "fingerprint",
    "packet_from_document",
    "render_packet",
    "short_fingerprint",
]
