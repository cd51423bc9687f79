"""What the records service does with other services' events. Every subscription is in this package:
`view.py` keeps records' own view of allocation's facts (who holds each child scopes access), `chronology.py`
turns each relevant fact into a read-only entry of the child's chronology, and `holders.py` works out, once per
batch, who holds each child the batch touched and which covers reach which children."""

from shared.messaging.subscriptions import Subscriptions

subscriptions = Subscriptions()

from services.records.handlers import chronology, holders, view  # noqa: E402 - they register on `subscriptions`

__all__ = ["chronology", "holders", "subscriptions", "view"]
