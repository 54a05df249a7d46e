-- chaingap: every province text the firms give (a few dozen even for a national pool): the
-- engine classes each one once (same province, neighbouring, same region) and joins the
-- small table to the candidates, instead of writing a proximity fact per firm.
SELECT DISTINCT province FROM enterprises WHERE province IS NOT NULL ORDER BY province
