-- Reference tables: what a figure can be about. Filled from data/reference/*.csv by `etl init`.

CREATE TABLE ip_type (
    code        VARCHAR PRIMARY KEY,
    name_vi     VARCHAR NOT NULL,
    name_en     VARCHAR NOT NULL,
    office_vi   VARCHAR NOT NULL,
    office_en   VARCHAR NOT NULL,
    -- "of which" sub-types (collective marks within trademarks) point to their parent,
    -- so that totals never count them twice.
    parent_code VARCHAR,
    is_total    BOOLEAN NOT NULL DEFAULT FALSE,
    sort_order  INTEGER NOT NULL
);

CREATE TABLE measure (
    code       VARCHAR PRIMARY KEY,
    kind       VARCHAR NOT NULL CHECK (kind IN ('flow', 'stock')),
    name_vi    VARCHAR NOT NULL,
    name_en    VARCHAR NOT NULL,
    sort_order INTEGER NOT NULL
);

CREATE TABLE territory (
    code       VARCHAR PRIMARY KEY,
    name_vi    VARCHAR NOT NULL,
    name_en    VARCHAR NOT NULL,
    valid_from DATE,
    valid_to   DATE,
    sort_order INTEGER NOT NULL,
    CHECK (valid_to IS NULL OR valid_from IS NULL OR valid_to >= valid_from)
);

CREATE SEQUENCE source_id_seq START 1;

CREATE TABLE source (
    source_id INTEGER PRIMARY KEY DEFAULT nextval('source_id_seq'),
    code      VARCHAR NOT NULL UNIQUE,
    title     VARCHAR NOT NULL CHECK (length(trim(title)) > 0),
    publisher VARCHAR,
    address   VARCHAR,
    published DATE,
    -- published: a count as an office or agency released it; derived: arithmetic on published texts;
    -- illustrative: made up for demonstration, flagged on every page while current.
    kind      VARCHAR NOT NULL CHECK (kind IN ('published', 'derived', 'illustrative')),
    note      VARCHAR
);
