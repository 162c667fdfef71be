"""Pure computations of indicators: no Django, no database (an import-linter contract keeps it so):
the analytics engine (aggregation, measures, rule expressions) and the file formats of data
exchange."""
