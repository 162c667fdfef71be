"""The file formats of data exchange (docs/design.md §3): DHIS2 dataValueSets JSON and CSV, and
the Excel template officials fill. Pure: bytes in, rows out (and back), every problem of a file
found and named in Vietnamese and English; the database and the catalogue are the import
service's business."""
