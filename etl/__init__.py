"""The ETL pipeline: read -> validate -> normalise -> load, shared by the command line and the app."""
