"""The database: connections, migrations, one SQL file a query, the audit log, analysts' accounts and
sessions, and the reference lists kept in it."""
