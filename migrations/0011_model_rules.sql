-- The rules of the modeled layer (README, "The modeled layer") as immutable SQL functions, so the
-- transform stays set-based inside PostgreSQL and every rule has one definition that tests and
-- users can call: SELECT instantly_sync.parse_revenue('€ 1.200.000').

CREATE SCHEMA IF NOT EXISTS instantly_sync;

-- An email address as people are matched by: trimmed, lower-cased; NULL when empty.
CREATE FUNCTION instantly_sync.normalize_email(value text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE RETURN nullif(lower(btrim(value)), '');

-- A domain from whatever a lead holds: an address keeps what follows its last '@'; scheme, 'www.',
-- path, query, port and trailing dots go; lower-cased; NULL when nothing is left.
CREATE FUNCTION instantly_sync.normalize_domain(value text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE RETURN nullif(
    rtrim(
        regexp_replace(
            regexp_replace(
                regexp_replace(
                    regexp_replace(lower(btrim(value)), '^.*@', ''),   -- an address: its domain
                    '^[a-z][a-z0-9+.-]*://', ''),                      -- scheme
                '^www\.', ''),                                         -- www.
            '[/?#:].*$', ''),                                          -- path, query, fragment, port
        '.'),
    '');

CREATE FUNCTION instantly_sync.is_free_mail(domain text) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE RETURN domain = ANY (ARRAY[
    'gmail.com', 'googlemail.com', 'outlook.com', 'hotmail.com', 'live.com', 'msn.com', 'yahoo.com',
    'ymail.com', 'icloud.com', 'me.com', 'mac.com', 'aol.com', 'proton.me', 'protonmail.com', 'gmx.com',
    'gmx.de', 'gmx.net', 'web.de', 'mail.com', 'zoho.com', 'yandex.com', 'yandex.ru', 'hey.com',
    'fastmail.com', 'hotmail.nl', 'live.nl', 'outlook.nl', 'ziggo.nl', 'kpnmail.nl', 'hetnet.nl',
    'planet.nl', 'home.nl', 'telenet.be', 'skynet.be']);

-- The company a lead belongs to: the first non-empty of its company_domain, website and email
-- domain, normalised; NULL when that is a free-mail domain (a person, not a company).
CREATE FUNCTION instantly_sync.company_domain(company_domain text, website text, email text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE RETURN (
    SELECT CASE WHEN instantly_sync.is_free_mail(d) THEN NULL ELSE d END
      FROM (SELECT coalesce(instantly_sync.normalize_domain(company_domain),
                            instantly_sync.normalize_domain(website),
                            instantly_sync.normalize_domain(email)) AS d) chosen);

-- A custom variable of a lead's payload by any of its names, in order: keys compare
-- case-insensitively, ignoring spaces, '-' and '_'; the first name present with a non-empty value wins.
CREATE FUNCTION instantly_sync.custom_variable(payload jsonb, names text[]) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE RETURN (
    SELECT nullif(btrim(v.value #>> '{}'), '')
      FROM unnest(names) WITH ORDINALITY AS n(name, position)
      JOIN jsonb_each(CASE WHEN jsonb_typeof(payload) = 'object' THEN payload ELSE '{}'::jsonb END) AS v
        ON regexp_replace(lower(v.key), '[[:space:]_-]', '', 'g') = regexp_replace(lower(n.name), '[[:space:]_-]', '', 'g')
     WHERE jsonb_typeof(v.value) IN ('string', 'number') AND nullif(btrim(v.value #>> '{}'), '') IS NOT NULL
     ORDER BY n.position
     LIMIT 1);

-- Revenue as written by people: currency signs, codes and spaces ignored; '.' or ',' before groups
-- of exactly three digits are thousands separators, otherwise a single '.' or ',' is the decimal
-- mark; k = 10^3, m/mm/mln/mio = 10^6, b/bn/mld = 10^9; anything else NULL.
CREATE FUNCTION instantly_sync.parse_revenue(value text) RETURNS numeric
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
    cleaned text;
    parts text[];
    digits text;
    suffix text;
    multiplier numeric;
BEGIN
    cleaned := lower(coalesce(value, ''));
    cleaned := regexp_replace(cleaned, '[[:space:]€$£¥₹]', '', 'g');
    cleaned := regexp_replace(cleaned, '^(eur|usd|gbp|chf|sek|nok|dkk|pln|cad|aud|jpy)|(eur|usd|gbp|chf|sek|nok|dkk|pln|cad|aud|jpy)$', '');
    parts := regexp_match(cleaned, '^([0-9]+(?:[.,][0-9]+)*)(k|mm|mln|mio|m|bn|b|mld)?$');
    IF parts IS NULL THEN
        RETURN NULL;
    END IF;

    digits := parts[1];
    suffix := parts[2];
    IF digits ~ '^[0-9]{1,3}([.,][0-9]{3})+$' THEN
        digits := regexp_replace(digits, '[.,]', '', 'g');
    ELSIF digits ~ '^[0-9]+[.,][0-9]+$' THEN
        digits := replace(digits, ',', '.');
    ELSIF digits !~ '^[0-9]+$' THEN
        RETURN NULL;
    END IF;

    multiplier := CASE suffix
        WHEN 'k' THEN 1e3
        WHEN 'm' THEN 1e6 WHEN 'mm' THEN 1e6 WHEN 'mln' THEN 1e6 WHEN 'mio' THEN 1e6
        WHEN 'b' THEN 1e9 WHEN 'bn' THEN 1e9 WHEN 'mld' THEN 1e9
        ELSE 1 END;
    RETURN digits::numeric * multiplier;
END $$;

-- Text for the API's numbers.
CREATE FUNCTION instantly_sync.campaign_status(status integer) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE RETURN CASE status
    WHEN 0 THEN 'draft' WHEN 1 THEN 'active' WHEN 2 THEN 'paused' WHEN 3 THEN 'completed'
    WHEN 4 THEN 'running_subsequences' WHEN -1 THEN 'accounts_unhealthy' WHEN -2 THEN 'bounce_protect'
    WHEN -99 THEN 'suspended' ELSE 'unknown' END;

CREATE FUNCTION instantly_sync.lead_status(status integer) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE RETURN CASE status
    WHEN 1 THEN 'active' WHEN 2 THEN 'paused' WHEN 3 THEN 'completed'
    WHEN -1 THEN 'bounced' WHEN -2 THEN 'unsubscribed' WHEN -3 THEN 'skipped' ELSE 'unknown' END;

CREATE FUNCTION instantly_sync.interest(lt_interest_status integer) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE RETURN CASE lt_interest_status
    WHEN 1 THEN 'interested' WHEN 2 THEN 'meeting_booked' WHEN 3 THEN 'meeting_completed' WHEN 4 THEN 'won'
    WHEN 0 THEN 'out_of_office' WHEN -1 THEN 'not_interested' WHEN -2 THEN 'wrong_person' WHEN -3 THEN 'lost'
    WHEN -4 THEN 'no_show' ELSE NULL END;

CREATE FUNCTION instantly_sync.email_event_type(ue_type integer) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE RETURN CASE ue_type
    WHEN 1 THEN 'email_sent' WHEN 2 THEN 'email_received' WHEN 3 THEN 'email_manual' WHEN 4 THEN 'email_scheduled' END;

-- The order of the derived statuses (instantly_leads_raw.status: replied > bounced > emailed >
-- not_yet_emailed), for "a person takes the highest status among their leads".
CREATE FUNCTION instantly_sync.status_rank(status text) RETURNS integer
LANGUAGE sql IMMUTABLE PARALLEL SAFE RETURN CASE status
    WHEN 'replied' THEN 4 WHEN 'bounced' THEN 3 WHEN 'emailed' THEN 2 WHEN 'not_yet_emailed' THEN 1 ELSE 0 END;
