"""Admin of the epidemic response: the tracing records (read-mostly) and the care records (rules,
facilities and risk criteria edited here; the rest read-only). Django imports this package;
each module registers its models."""

from dieuhanh.outbreak.admin import care, tracing

__all__ = ["care", "tracing"]
