"""Protobuf request bodies (`Content-Type: application/vnd.kubernetes.protobuf`).

kubectl's typed clients (`create deployment`, `create namespace`, `auth can-i`, `drain`'s
evictions, `autoscale` …) send protobuf, and client-go falls back to JSON only for CBOR,
never for protobuf: a server that cannot read protobuf cannot serve them. This package
reads what they send into the JSON-shaped dicts the model's API server handles:

    wire.py      the wire format (varints, lengths)
    tables_*.py  field numbers and types of the k8s.io/api messages, as data
    schema.py    the tables parsed; the messages with a JSON form of their own
    decode.py    envelope → object → JSON, as Go's encoding/json would write it

Responses stay JSON: client-go asks `Accept: application/vnd.kubernetes.protobuf,
application/json` and reads whichever Content-Type comes back.
"""

from .decode import Unmodelled, decode_body
from .wire import WireError

__all__ = ["decode_body", "Unmodelled", "WireError"]
