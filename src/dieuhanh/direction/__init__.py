"""Direction: conferences, resolutions, tasks, Party inspection, public order, opinion."""
