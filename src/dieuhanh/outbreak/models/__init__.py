"""Models of the epidemic response, one module per area (Django loads them from here)."""

from dieuhanh.outbreak.models.care import *  # noqa: F403
from dieuhanh.outbreak.models.checkin_page import *  # noqa: F403
from dieuhanh.outbreak.models.tracing import *  # noqa: F403
