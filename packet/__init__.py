"""Appeal Packet: turn a prior-authorization denial letter into a submission-ready appeal.

The library never imports click; ``packet.cli`` is the only command-line layer.
Pipeline stages, each a module you can run and test alone:
``read_text`` -> ``extract_fields`` -> ``compute_deadlines`` -> ``draft_letter`` -> ``build_packet``.
"""

__version__ = "0.1.0"
