"""A test-only app for the worker tests run in child processes: a table, and a job that writes
its rows in one transaction, slowly enough to be killed in the middle."""
