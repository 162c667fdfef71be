"""Epidemic response: persons, cases, exposures, check-ins, tracing, tests, quarantine, zones."""
