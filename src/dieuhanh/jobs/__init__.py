"""Background jobs (công việc chạy nền): a kernel app every domain app may use.

A job is work too long for a web request (contacts from a large trace, a batch of reports,
a large import) or work on a timetable (nightly compaction, daily reminders, backups). The
queue is django-tasks with its database backend (django-tasks-db, docs/decisions/0009); this
app adds what people see and what keeps a killed job honest: the `Job` row (owner, kind,
progress, message, result file, error, cancel flag, lease), the registry of job kinds that
domain apps fill (`<app>/jobs.py`, `@job_kind(...)`), the periodic timetable and the worker.
"""
