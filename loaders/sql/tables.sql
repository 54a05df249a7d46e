-- The tables of record of one dataset version (chaingap.loaders.tables_of_record).
--
-- A load validates a dataset folder into exactly these tables, in one DuckDB database per
-- dataset version; every later step (the gap engine, the RDF graph, Neo4j, reports) reads
-- them and nothing else. Codes (segment, kind, stage, agreement, assigned_by) are those of
-- chaingap.ontology.vocab. Money is in 万元 at the dataset's rates, the text as given kept
-- in *_original. Rows read from a file keep where they came from: _file (as problems name
-- the file, e.g. "enterprises.csv" or "台账.xlsx [enterprises]") and _row (the row number
-- Excel shows, header = 1); rows of the YAML files keep _line (the line in the file).
-- Every table carries the dataset id, so the versions of several datasets can be read as
-- one (UNION ALL BY NAME).

CREATE TABLE dataset (
    dataset      VARCHAR NOT NULL,   -- the dataset id (dataset.yaml id)
    version      BIGINT  NOT NULL,   -- the store's version number of this load (0 before it is stored)
    name         VARCHAR NOT NULL,
    region       VARCHAR,            -- district id of the region the dataset describes
    as_of        DATE,
    source       VARCHAR,
    illustrative BOOLEAN NOT NULL,
    folder       VARCHAR,            -- the folder it was read from
    loaded_at    TIMESTAMP,
    schema       INTEGER NOT NULL    -- layout of these tables (chaingap.loaders.tables_of_record.SCHEMA)
);

CREATE TABLE rates (                 -- currency.rates of dataset.yaml: CNY per unit
    dataset      VARCHAR NOT NULL,
    currency     VARCHAR NOT NULL,
    cny_per_unit DECIMAL(38, 10) NOT NULL
);

CREATE TABLE warnings (              -- what a load says but does not refuse, in order
    dataset VARCHAR NOT NULL,
    seq     INTEGER NOT NULL,
    message VARCHAR NOT NULL
);

CREATE TABLE clusters (
    dataset VARCHAR NOT NULL,
    id      VARCHAR NOT NULL,
    name    VARCHAR NOT NULL,
    name_en VARCHAR,
    _line   INTEGER
);

CREATE TABLE chains (
    dataset VARCHAR NOT NULL,
    id      VARCHAR NOT NULL,
    cluster VARCHAR,                 -- NULL for a chain outside any cluster
    name    VARCHAR NOT NULL,
    name_en VARCHAR,
    acyclic BOOLEAN NOT NULL,
    _line   INTEGER
);

CREATE TABLE links (
    dataset VARCHAR NOT NULL,
    id      VARCHAR NOT NULL,
    chain   VARCHAR NOT NULL,
    name    VARCHAR NOT NULL,
    name_en VARCHAR,
    segment VARCHAR,                 -- vocab.SEGMENTS code; a sub-link inherits its parent's
    parent  VARCHAR,                 -- the link it is a sub-link of
    _line   INTEGER
);

CREATE TABLE link_codes (            -- industry codes of a link, for longest-prefix assignment
    dataset VARCHAR NOT NULL,
    link    VARCHAR NOT NULL,
    code    VARCHAR NOT NULL
);

CREATE TABLE link_keywords (
    dataset VARCHAR NOT NULL,
    link    VARCHAR NOT NULL,
    keyword VARCHAR NOT NULL
);

CREATE TABLE feeds (                 -- the upstream link feeds the downstream one
    dataset VARCHAR NOT NULL,
    chain   VARCHAR NOT NULL,        -- the chain whose file entry declared it
    source  VARCHAR NOT NULL,
    target  VARCHAR NOT NULL,
    _line   INTEGER,
    weight     DECIMAL(18, 6),       -- how strong the relation is (e.g. how often it was extracted)
    evidence   VARCHAR,              -- where the relation comes from (a source, a method)
    confidence DECIMAL(9, 6)         -- 0..1, how sure the source is
);

CREATE TABLE districts (
    dataset      VARCHAR NOT NULL,
    id           VARCHAR NOT NULL,
    name         VARCHAR NOT NULL,
    kind         VARCHAR NOT NULL,   -- vocab.DISTRICT_KINDS code
    parent       VARCHAR,
    admin_code   VARCHAR,            -- GB/T 2260, 6 digits
    province     VARCHAR,            -- the province it lies in, when known
    illustrative BOOLEAN NOT NULL,
    source       VARCHAR,
    _file        VARCHAR,
    _row         INTEGER
);

CREATE TABLE enterprises (           -- local firms (is_local) and the candidate pool
    dataset                      VARCHAR NOT NULL,
    id                           VARCHAR NOT NULL,
    name                         VARCHAR NOT NULL,
    is_local                     BOOLEAN NOT NULL,
    credit_code                  VARCHAR,
    district                     VARCHAR,
    province                     VARCHAR,
    city                         VARCHAR,
    county                       VARCHAR,
    address                      VARCHAR,
    business_scope               VARCHAR,
    industry_code                VARCHAR,
    revenue                      DECIMAL(38, 8),
    revenue_original             VARCHAR,
    registered_capital           DECIMAL(38, 8),
    registered_capital_original  VARCHAR,
    founded                      DATE,
    listed                       BOOLEAN NOT NULL,
    specialised                  BOOLEAN NOT NULL,
    high_tech                    BOOLEAN NOT NULL,
    above_scale                  BOOLEAN NOT NULL,
    chain_leader                 BOOLEAN NOT NULL,
    parent_group                 VARCHAR,   -- the enterprise id of the group, when it matched one
    parent_group_text            VARCHAR,   -- the group as written
    expansion_signal             VARCHAR,
    illustrative                 BOOLEAN NOT NULL,
    source                       VARCHAR,
    _file                        VARCHAR,
    _row                         INTEGER,
    registration_status          VARCHAR, -- 登记状态 as written (存续, 在业, 注销 …); an inactive firm has no operation
    employees                    BIGINT   -- 员工人数 / 参保人数: a head count >= 0 (a size basis without revenue or capital)
);

CREATE TABLE operations (            -- an enterprise works in a link
    dataset     VARCHAR NOT NULL,
    enterprise  VARCHAR NOT NULL,
    link        VARCHAR NOT NULL,
    share       DECIMAL(18, 8),      -- 0..1; NULL: not stated (counts 1 in the gap rules)
    assigned_by VARCHAR NOT NULL,    -- vocab.ASSIGNMENT_METHODS code
    confidence  DECIMAL(9, 6)        -- 0..1: 1 given or by code; by keyword, the winning keyword's share of the matched text
);

CREATE TABLE projects (
    dataset              VARCHAR NOT NULL,
    id                   VARCHAR NOT NULL,
    name                 VARCHAR NOT NULL,
    district             VARCHAR,
    chain                VARCHAR,    -- a project that names only a chain
    investor             VARCHAR,
    investor_credit_code VARCHAR,
    investor_id          VARCHAR,    -- the enterprise the investor matched
    investment           DECIMAL(38, 8),
    investment_original  VARCHAR,
    stage                VARCHAR,    -- vocab.STAGES code: the furthest stage reached
    signed_on            DATE,
    agreement            VARCHAR,    -- vocab.AGREEMENTS code
    illustrative         BOOLEAN NOT NULL,
    source               VARCHAR,
    _file                VARCHAR,
    _row                 INTEGER
);

CREATE TABLE project_links (
    dataset VARCHAR NOT NULL,
    project VARCHAR NOT NULL,
    link    VARCHAR NOT NULL
);

CREATE TABLE stage_events (          -- the project reached the stage on the date
    dataset VARCHAR NOT NULL,
    project VARCHAR NOT NULL,
    stage   VARCHAR NOT NULL,
    on_date DATE NOT NULL,
    _file   VARCHAR,                 -- NULL for the signing event implied by projects.signed_on
    _row    INTEGER
);

CREATE TABLE products (
    dataset      VARCHAR NOT NULL,
    id           VARCHAR NOT NULL,
    name         VARCHAR NOT NULL,
    enterprise   VARCHAR NOT NULL,
    link         VARCHAR NOT NULL,
    brand        VARCHAR,
    illustrative BOOLEAN NOT NULL,
    source       VARCHAR,
    _file        VARCHAR,
    _row         INTEGER
);

CREATE TABLE supply (                -- the supplier supplies the customer
    dataset  VARCHAR NOT NULL,
    supplier VARCHAR NOT NULL,
    customer VARCHAR NOT NULL,
    product  VARCHAR,
    _file    VARCHAR,
    _row     INTEGER
);

CREATE TABLE bases (
    dataset      VARCHAR NOT NULL,
    id           VARCHAR NOT NULL,
    name         VARCHAR NOT NULL,
    district     VARCHAR NOT NULL,
    chain        VARCHAR NOT NULL,
    illustrative BOOLEAN NOT NULL,
    source       VARCHAR,
    _file        VARCHAR,
    _row         INTEGER
);

CREATE TABLE benchmarks (            -- national (or other benchmark) totals of a link
    dataset     VARCHAR NOT NULL,
    link        VARCHAR NOT NULL,
    enterprises BIGINT,
    revenue     DECIMAL(38, 8),
    _file       VARCHAR,
    _row        INTEGER
);

-- The recruitment pipeline (docs/pipeline.md; loaders/sql/checks/pipeline.sql).

CREATE TABLE project_terms (         -- what the pipeline figures and thresholds read of each project
    dataset       VARCHAR NOT NULL,
    project       VARCHAR NOT NULL,
    currency      VARCHAR,           -- ISO code of the investment as written (CNY, USD ...); NULL: no amount
    origin        VARCHAR NOT NULL,  -- vocab.ORIGINS code: as stated, else foreign for a non-CNY amount
    industry_code VARCHAR,           -- GB/T 4754 code of the project, as given
    manufacturing BOOLEAN NOT NULL,  -- GB/T 4754 section C (13-43): its own code, else one of its links'
    key_chain     BOOLEAN NOT NULL,  -- it targets a link or chain of the chain file
    land_mu       DECIMAL(18, 4),    -- land area in mu (亩)
    investment_usd DECIMAL(38, 8)    -- the investment in 万美元 at the dataset's USD rate (the foreign
                                     -- threshold's unit); NULL without an amount or a USD rate
);

CREATE TABLE project_transfers (     -- 项目流转: the project moved between districts on the date
    dataset       VARCHAR NOT NULL,
    project       VARCHAR NOT NULL,
    on_date       DATE NOT NULL,
    from_district VARCHAR NOT NULL,
    to_district   VARCHAR NOT NULL,
    credit        DECIMAL(18, 8) NOT NULL,  -- share of the project's credit the receiving district gets
    illustrative  BOOLEAN NOT NULL,
    source        VARCHAR,
    _file         VARCHAR,
    _row          INTEGER
);

CREATE TABLE targets (               -- 年度目标: a year's signing target, of the city (district NULL) or a district
    dataset             VARCHAR NOT NULL,
    year                INTEGER NOT NULL,
    district            VARCHAR,
    projects            BIGINT,
    investment          DECIMAL(38, 8),
    investment_original VARCHAR,
    illustrative        BOOLEAN NOT NULL,
    source              VARCHAR,
    _file               VARCHAR,
    _row                INTEGER
);

CREATE TABLE project_commitments (   -- 项目承诺: a contracted commitment (committed) or an amount reached (actual)
    dataset         VARCHAR NOT NULL,
    project         VARCHAR NOT NULL,
    kind            VARCHAR NOT NULL,  -- COMMITMENT_KINDS: investment (cumulative 万元), output_per_mu (万元/亩/年), tax (万元/年)
    record          VARCHAR NOT NULL,  -- COMMITMENT_RECORDS: committed (due by on_date) or actual (reached on on_date)
    on_date         DATE NOT NULL,
    amount          DECIMAL(38, 8) NOT NULL,  -- 万元 (output_per_mu: 万元 per mu)
    amount_original VARCHAR,
    illustrative    BOOLEAN NOT NULL,
    source          VARCHAR,
    _file           VARCHAR,
    _row            INTEGER
);

CREATE TABLE outreach (              -- 走访记录: one contact with a firm (docs/pipeline.md, held back)
    dataset      VARCHAR NOT NULL,
    enterprise   VARCHAR NOT NULL,   -- an enterprise id of the dataset (local or pool)
    on_date      DATE NOT NULL,      -- never after the dataset's as_of
    kind         VARCHAR NOT NULL,   -- OUTREACH_KINDS: visit, talk, declined, signed
    note         VARCHAR,
    illustrative BOOLEAN NOT NULL,
    source       VARCHAR,
    _file        VARCHAR,
    _row         INTEGER
);
