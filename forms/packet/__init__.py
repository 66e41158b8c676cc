"""PDF submission packets (申报材料), generated from the form definitions with reportlab.

``render_packet(Packet(...))`` gives the PDF bytes of one application; no part of the layout
names a form's fields, so a new form prints without a layout of its own.
"""

from reportlab import rl_config

# Binary image streams, not ASCII85: reportlab's pure-Python ASCII85 encoder took 16–18 s of
# the 19 s spent printing a 50 MB image attachment and made the PDF a quarter larger
# (benchmarks/bench_attachments.py). Every PDF viewer and printer reads binary streams.
rl_config.useA85 = 0

from forms.packet.model import (  # noqa: E402 (after the setting every packet reads)
    Packet,
    PacketAttachment,
    fingerprint,
    packet_from_document,
    short_fingerprint,
)
from forms.packet.render import PacketCancelled, PacketOptions, render_packet  # noqa: E402

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
