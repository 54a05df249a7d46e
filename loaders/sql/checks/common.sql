-- Shared macros and tables of a load's checks (chaingap.loaders.checks).
--
-- The *_fast macros decide the usual spellings of a cell in SQL and return NULL for anything
-- else; those cells go to the Python parsers once per distinct text (loaders/cells.py), whose
-- results are in _l_map. Braced names are constants filled in by checks.py from the code
-- (never from data): {ws} the characters str.strip removes, {safe} a character class whose
-- strings normalise_name can normalise in SQL, {fast} FALSE to send every cell to Python.

-- name: macros
CREATE OR REPLACE TEMP MACRO _l_trim(x) AS trim(x, '{ws}');

-- the matching key of a name (chaingap.ontology.vocab.normalise_name): a name already in normal
-- form is its own key; one of ASCII, CJK and the common full-width brackets is normalised here
CREATE OR REPLACE TEMP MACRO _l_norm_fast(x) AS CASE WHEN NOT {fast} THEN NULL
    WHEN regexp_full_match(x, '{normal}') THEN x
    WHEN regexp_full_match(x, '{safe}') THEN lower(regexp_replace(replace(replace(replace(replace(replace(replace(replace(
        replace(replace(x, '（', '('), '）', ')'), '【', '['), '】', ']'), '〔', '('), '〕', ')'), '［', '['), '］', ']'),
        chr(12288), ' '), '[\t\n\x0b\x0c\r ]', '', 'g')) END;

-- creditcode.normalise_credit_code for plain ASCII
CREATE OR REPLACE TEMP MACRO _l_ccnorm_fast(x) AS CASE WHEN {fast} AND regexp_full_match(x, '[\x21-\x7e\t\n\x0b\x0c\r\x1c-\x1f ]*')
    THEN upper(regexp_replace(x, '[\t\n\x0b\x0c\r\x1c-\x1f ]', '', 'g')) END;

-- a valid unified social credit code (GB 32100) as written; the check characters of a whole
-- column are computed by _l_gb32100 and _l_gb11714_fails (creditcode.valid_codes and
-- creditcode.organisation_code_failures, vectorised over Arrow batches)
CREATE OR REPLACE TEMP MACRO _l_cc_fast(x) AS CASE WHEN {fast} AND _l_gb32100(x) THEN x END;

CREATE OR REPLACE TEMP MACRO _l_flag_fast(x) AS CASE WHEN NOT {fast} OR x IS NULL THEN NULL
    {flag_words} END;

CREATE OR REPLACE TEMP MACRO _l_ymd(y, m, d) AS CASE WHEN y >= 1 THEN try_cast(printf('%04d-%02d-%02d', y, m, d) AS DATE) END;

CREATE OR REPLACE TEMP MACRO _l_date_fast(x) AS CASE WHEN NOT {fast} THEN NULL
    WHEN regexp_full_match(x, '[0-9]{{4}}-[0-9]{{1,2}}-[0-9]{{1,2}}') AND NOT starts_with(x, '0000') THEN try_cast(x AS DATE)
    WHEN regexp_full_match(x, '[0-9]{{8}}')
    THEN _l_ymd(substr(x, 1, 4)::INTEGER, substr(x, 5, 2)::INTEGER, substr(x, 7, 2)::INTEGER)
    WHEN regexp_full_match(x, '[0-9]{{4}}[-/.年][0-9]{{1,2}}[-/.月][0-9]{{1,2}}日?')
    THEN _l_ymd(substr(x, 1, 4)::INTEGER, regexp_extract(x, '^[0-9]{{4}}[-/.年]([0-9]{{1,2}})', 1)::INTEGER,
                regexp_extract(x, '([0-9]{{1,2}})日?$', 1)::INTEGER) END;

CREATE OR REPLACE TEMP MACRO _l_admin_fast(x) AS CASE WHEN {fast} AND regexp_full_match(x, '[0-9]{{6}}') THEN true END;

CREATE OR REPLACE TEMP MACRO _l_int_fast(x) AS CASE WHEN {fast} AND regexp_full_match(x, '[0-9]{{1,18}}') THEN x::BIGINT END;

-- a link share after "L01:" in 0..1 (0.6, 60%), exactly
CREATE OR REPLACE TEMP MACRO _l_share_fast(x) AS CASE WHEN NOT {fast} THEN NULL
    WHEN regexp_full_match(x, '[0-9]{{1,3}}(\.[0-9]{{1,8}})?') AND try_cast(x AS DECIMAL(18, 8)) <= 1
    THEN try_cast(x AS DECIMAL(18, 8))
    WHEN regexp_full_match(x, '[0-9]{{1,3}}(\.[0-9]{{1,6}})?%') AND try_cast(rtrim(x, '%') AS DECIMAL(18, 8)) <= 100
    THEN (try_cast(rtrim(x, '%') AS DECIMAL(18, 8)) * 0.01)::DECIMAL(18, 8) END;

-- a money cell read as money.parse_money reads it: a plain number (in the default unit), or a
-- number, unit (scale word and currency) and the currency as written (_l_money_other);
-- _l_money_value multiplies the number by the unit's factor (_l_mfac: its text and its scale),
-- exactly: the product always has scale 8, the scale of the tables
CREATE OR REPLACE TEMP MACRO _l_money_split(p, default_unit) AS CASE WHEN p.num <> '' THEN {{'num': p.num,
    'unit': CASE WHEN p.scale = '' AND p.rest = '' THEN default_unit WHEN p.rest = '' THEN p.scale || '元'
                 ELSE p.scale || p.rest END, 'rest': p.rest}} END;
CREATE OR REPLACE TEMP MACRO _l_money_plain(x) AS {fast} AND regexp_full_match(x, '[0-9]{{1,10}}(\.[0-9]{{1,4}})?');
CREATE OR REPLACE TEMP MACRO _l_money_other(x, default_unit, plain) AS CASE WHEN {fast} AND NOT plain
    THEN _l_money_split(regexp_extract(x, '^([0-9]{{1,10}}(?:\.[0-9]{{1,4}})?)(百万|千万|千|万|亿)?(.*)$',
                                       ['num', 'scale', 'rest']), default_unit) END;
CREATE OR REPLACE TEMP MACRO _l_money_unit_of(plain, other, default_unit) AS CASE WHEN plain THEN default_unit ELSE other.unit END;
CREATE OR REPLACE TEMP MACRO _l_money_rest_of(plain, other) AS CASE WHEN plain THEN '' ELSE other.rest END;
CREATE OR REPLACE TEMP MACRO _l_money_num_of(x, plain, other) AS CASE WHEN plain THEN x ELSE other.num END;
CREATE OR REPLACE TEMP MACRO _l_decimals(num) AS CASE WHEN contains(num, '.') THEN length(num) - instr(num, '.') ELSE 0 END;
CREATE OR REPLACE TEMP MACRO _l_money_value(num, scale, factor) AS CASE scale
{money_branches} END;

-- name: tables
CREATE TEMP TABLE _l_map (           -- what the Python parsers said of a distinct text
    kind     VARCHAR NOT NULL,
    text     VARCHAR NOT NULL,
    unit     VARCHAR NOT NULL,       -- the default unit of a money cell, else ''
    v_text   VARCHAR,
    v_dec    DECIMAL(38, 8),
    v_date   DATE,
    v_bool   BOOLEAN,
    v_int    BIGINT,
    original VARCHAR,
    pkind    VARCHAR,                -- the kind of problem, NULL when the value is good
    msg      VARCHAR
);
CREATE TEMP TABLE _l_mfac (          -- factor (万元 per unit) of a money unit for the fast path
    unit   VARCHAR NOT NULL,
    rest   VARCHAR NOT NULL,
    factor VARCHAR,                  -- NULL: the fast path must not decide
    scale  INTEGER                   -- decimals of the factor (0-8)
);
CREATE TEMP TABLE _l_problems (      -- every problem of a row, in the order the checks find them
    phase  INTEGER NOT NULL,
    fno    INTEGER NOT NULL,         -- the file within the phase (enterprises 0, pool 1)
    _row   INTEGER,
    seq    INTEGER NOT NULL,         -- the check within the row
    sub    INTEGER NOT NULL,         -- the item within a list cell
    _file  VARCHAR NOT NULL,
    col    VARCHAR,                  -- the canonical column (the file's header is shown)
    kind   VARCHAR NOT NULL,
    value  VARCHAR,
    detail VARCHAR
);
CREATE TEMP TABLE _l_link_ids (id VARCHAR NOT NULL);
CREATE TEMP TABLE _l_chain_ids (id VARCHAR NOT NULL);
