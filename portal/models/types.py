"""Column types and defaults shared by the models."""
from datetime import datetime, timezone

from sqlalchemy import Numeric

# Credits and hours: exact decimals with two places (6.67 credits for 20 hours at 3:1).
Amount = Numeric(10, 2, asdecimal=True)


def utcnow() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)
