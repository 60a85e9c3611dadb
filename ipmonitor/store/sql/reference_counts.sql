SELECT (SELECT count(*) FROM ip_type) AS ip_types,
       (SELECT count(*) FROM measure) AS measures,
       (SELECT count(*) FROM territory) AS territories,
       (SELECT count(*) FROM source) AS sources
