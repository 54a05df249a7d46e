-- Shared macros and tables of a load's checks (chaingap.loaders.checks).
--
-- The *_fast macros decide the usual spellings of a cell in SQL and return NULL for anything
-- else; those cells go to the Python parsers once per distinct text (loaders/cells.py), whose
-- results are in _l_map. Braced names are constants filled in by checks.py from the code
-- (never from data): {ws} the characters str.strip removes, {safe} a character class whose
-- strings normalise_name can normalise in SQL, {fast} FALSE to send every cell to Python.

-- name: macros
CREATE OR REPLACE TEMP MACRO _l_trim(x) AS trim(x, {ws});

-- the matching key of a name (chaingap.ontology.vocab.normalise_name) for safe strings
CREATE OR REPLACE TEMP MACRO _l_norm_fast(x) AS CASE WHEN {fast} AND regexp_full_match(x, '{safe}')
    THEN lower(regexp_replace(translate(x, {fold_from}, {fold_to}), '[\t\n\x0b\x0c\r ]', '', 'g')) END;

-- creditcode.normalise_credit_code for plain ASCII
CREATE OR REPLACE TEMP MACRO _l_ccnorm_fast(x) AS CASE WHEN {fast} AND regexp_full_match(x, '[\x21-\x7e\t\n\x0b\x0c\r\x1c-\x1f ]*')
    THEN upper(regexp_replace(x, '[\t\n\x0b\x0c\r\x1c-\x1f ]', '', 'g')) END;

-- a valid unified social credit code (GB 32100): the alphabet and the check character
CREATE OR REPLACE TEMP MACRO _l_cc_fast(x) AS CASE WHEN {fast} AND regexp_full_match(x, '[0-9A-HJ-NPQRTUW-Y]{{18}}')
    AND substr('{charset}', ((31 - ({cc_sum}) % 31) % 31) + 1, 1) = substr(x, 18, 1) THEN x END;

-- the embedded organisation code (characters 9-17, GB 11714) fails its own check
CREATE OR REPLACE TEMP MACRO _l_org_bad(x) AS substr(x, 17, 1) <> (
    CASE 11 - ({org_sum}) % 11 WHEN 10 THEN 'X' WHEN 11 THEN '0' ELSE (11 - ({org_sum}) % 11)::VARCHAR END);

CREATE OR REPLACE TEMP MACRO _l_flag_fast(x) AS CASE WHEN NOT {fast} THEN NULL
    WHEN x IN ({true_words}) THEN true WHEN x IN ({false_words}) THEN false END;

CREATE OR REPLACE TEMP MACRO _l_ymd(y, m, d) AS CASE WHEN y >= 1 THEN try_cast(printf('%04d-%02d-%02d', y, m, d) AS DATE) END;

CREATE OR REPLACE TEMP MACRO _l_date_fast(x) AS CASE WHEN NOT {fast} THEN NULL
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

-- a money cell split as money.parse_money splits it: number, scale word, unit
CREATE OR REPLACE TEMP MACRO _l_money_parts(x) AS CASE WHEN {fast}
    THEN regexp_extract(x, '^([0-9]{{1,15}}(?:\.[0-9]{{1,6}})?)(百万|千万|千|万|亿)?(.*)$', ['num', 'scale', 'rest']) END;
CREATE OR REPLACE TEMP MACRO _l_money_unit(p, default_unit) AS CASE
    WHEN p.scale = '' AND p.rest = '' THEN default_unit WHEN p.rest = '' THEN p.scale || '元' ELSE p.scale || p.rest END;
CREATE OR REPLACE TEMP MACRO _l_money_fast(p, factor, whole, digits) AS CASE
    WHEN p.num <> '' AND factor IS NOT NULL
     AND length(split_part(p.num, '.', 1)) + whole <= 20
     AND length(replace(p.num, '.', '')) + digits <= 28
    THEN (p.num::DECIMAL(21, 6) * factor)::DECIMAL(38, 8) END;

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
    factor DECIMAL(38, 12),          -- NULL: the fast path must not decide
    whole  INTEGER,
    digits INTEGER
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
