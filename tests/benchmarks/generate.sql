-- The benchmark's data, written set-based into the app's own tables (and their history tables),
-- shaped like what the services write: valid states, who and why on every history row, and the
-- current row always equal to the last history row (base rows are derived from the history).
--
-- generate.py replaces each {{...}} placeholder with numbers it chose (sizes, ids, the moment taken as now) and
-- runs one step at a time, timing each. Everything random is a hash of a row number, so the same
-- size always gives the same data.

-- step: helpers
CREATE FUNCTION pg_temp.r(n bigint, salt int) RETURNS float8
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT (hashint8extended(n, salt) & 2147483647)::float8 / 2147483648.0 $$;
CREATE FUNCTION pg_temp.ri(n bigint, salt int, lo int, hi int) RETURNS int
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT lo + floor(pg_temp.r(n, salt) * (hi - lo + 1))::int $$;
CREATE FUNCTION pg_temp.u(t text) RETURNS uuid
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT md5(t)::uuid $$;
CREATE FUNCTION pg_temp.pick(arr text[], n bigint, salt int) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT arr[1 + floor(pg_temp.r(n, salt) * array_length(arr, 1))::int] $$;
CREATE FUNCTION pg_temp.ip(n bigint) RETURNS inet
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT ('10.20.' || (n % 200) || '.' || (1 + (n / 200) % 250))::inet $$;
-- A moment between two others, `f` of the way along.
CREATE FUNCTION pg_temp.between_(a timestamptz, b timestamptz, f float8) RETURNS timestamptz
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT a + (b - a) * f $$;

-- A table's current rows: each record's last history row, unless that row records its removal.
CREATE FUNCTION pg_temp.derive(base text) RETURNS bigint
    LANGUAGE plpgsql
    AS $$
DECLARE
    cols text;
    done bigint;
BEGIN
    SELECT string_agg(quote_ident(column_name), ', ' ORDER BY ordinal_position) INTO cols
    FROM information_schema.columns WHERE table_schema = 'public' AND table_name = base;
    EXECUTE format(
        'INSERT INTO %I (%s) SELECT %s FROM (SELECT DISTINCT ON (id) * FROM %I '
        'ORDER BY id, history_date DESC, history_id DESC) last WHERE history_type <> ''-''',
        base, cols, cols, regexp_replace(base, '^([a-z]+)_(.*)$', '\1_historical\2'));
    GET DIAGNOSTICS done = ROW_COUNT;
    RETURN done;
END
$$;

CREATE TEMP TABLE bench_names (kind text, names text[]);
INSERT INTO bench_names VALUES
 ('given', ARRAY['Amira','Leo','Zoe','Jayden','Freya','Noah','Olivia','Mason','Ava','Harry','Isla','Jack','Mia','Oscar',
   'Ruby','Charlie','Lily','George','Grace','Alfie','Ella','Theo','Sophia','Arthur','Evie','Muhammad','Poppy','Archie',
   'Ivy','Henry','Aisha','Kai','Maya','Riley','Hannah','Tyler','Layla','Ethan','Chloe','Lucas','Amelia','Dylan',
   'Sienna','Reggie','Phoebe','Ibrahim','Nia','Callum','Imogen','Kian']),
 ('family', ARRAY['Hassan','Smith','Jones','Williams','Taylor','Brown','Davies','Evans','Wilson','Thomas','Johnson',
   'Roberts','Walker','Wright','Robinson','Thompson','White','Hughes','Edwards','Green','Hall','Wood','Harris','Lewis',
   'Martin','Jackson','Clarke','Clark','Turner','Hill','Scott','Cooper','Morris','Ward','Moore','King','Watson','Baker',
   'Harrison','Morgan','Patel','Young','Allen','Mitchell','James','Anderson','Phillips','Lee','Bell','Parker','Khan',
   'Ali','Begum','Okafor','Nowak','Kowalski','Mensah','Osei','Murphy','Kelly']),
 ('ethnicity', ARRAY['White British','White British','White British','White Irish','Mixed White and Black Caribbean',
   'Asian British Pakistani','Asian British Indian','Black British African','Black British Caribbean','White Other',
   'Mixed Other','Any other ethnic group','Not recorded']);

CREATE FUNCTION pg_temp.name(kind text, n bigint, salt int) RETURNS text
    LANGUAGE sql STABLE
    AS $$ SELECT pg_temp.pick(names, n, salt) FROM bench_names WHERE bench_names.kind = name.kind $$;

-- step: service areas, teams and users
INSERT INTO caseflow_servicearea (id, name)
SELECT a, 'Service area ' || lpad(a::text, 3, '0') FROM generate_series(1, {{AREAS}}) a;
INSERT INTO caseflow_historicalservicearea (id, name, history_date, history_change_reason, history_type, history_user_id)
SELECT id, name, {{NOW}}::timestamptz - interval '1500 days', 'Set up', '+', NULL FROM caseflow_servicearea;

INSERT INTO caseflow_team (id, name, service_area_id)
SELECT t,
       (ARRAY['SAT','Operational','CWDT','Cared For','Care Experienced','Building Your Futures','FS&S','14+',
              'Leaving Care','Early Help','Fostering'])[1 + (t - 1) % 11] || ' ' || lpad(t::text, 3, '0'),
       1 + (t - 1) / {{TEAMS_PER_AREA}}
FROM generate_series(1, {{TEAMS}}) t;
INSERT INTO caseflow_historicalteam (id, name, service_area_id, history_date, history_change_reason, history_type)
SELECT id, name, service_area_id, {{NOW}}::timestamptz - interval '1500 days', 'Set up', '+' FROM caseflow_team;

-- Users have ids by formula, so every other step can name the right person without a lookup:
-- 1 admin, 2 dd1, 3 cd1, 4-5 performance officers; 10 + 3(a-1) + k the service managers (k 0, 1)
-- and head of service (k 2) of area a; {{TB}} + 16(t-1) + k team t's managers (k 0, 1), advanced
-- practitioner (2) and social workers sw1-sw13 (3-15); {{IB}} + i - 1 the IROs.
CREATE TEMP TABLE bench_user AS
SELECT * FROM (
    VALUES (1::bigint, 'admin', 'administrator', NULL::int, NULL::int, true),
           (2, 'dd1', 'deputy_director', NULL, NULL, true),
           (3, 'cd1', 'corporate_director', NULL, NULL, true),
           (4, 'perf1', 'performance_officer', NULL, NULL, false),
           (5, 'perf2', 'performance_officer', NULL, NULL, false)
) AS fixed (id, username, role, team, area, all_areas)
UNION ALL
SELECT 10 + 3 * (a - 1) + k, 'a' || a || (ARRAY['_sm1','_sm2','_hos'])[k + 1],
       (ARRAY['service_manager','service_manager','head_of_service'])[k + 1], NULL, a, false
FROM generate_series(1, {{AREAS}}) a, generate_series(0, 2) k
UNION ALL
SELECT {{TB}} + 16 * (t - 1) + k,
       't' || t || CASE WHEN k < 2 THEN '_tm' || (k + 1) WHEN k = 2 THEN '_ap1' ELSE '_sw' || (k - 2) END,
       CASE WHEN k < 2 THEN 'team_manager' WHEN k = 2 THEN 'advanced_practitioner' ELSE 'social_worker' END,
       t, 1 + (t - 1) / {{TEAMS_PER_AREA}}, false
FROM generate_series(1, {{TEAMS}}) t, generate_series(0, 15) k
UNION ALL
SELECT {{IB}} + i - 1, 'iro' || i, 'iro', NULL, NULL, false FROM generate_series(1, {{IROS}}) i;

INSERT INTO caseflow_user (id, password, is_superuser, username, first_name, last_name, email, is_staff, is_active,
                           date_joined, role, sees_all_areas)
SELECT id, '{{PASSWORD_HASH}}', role = 'administrator', username,
       pg_temp.name('given', id, 101), pg_temp.name('family', id, 102), username || '@bench.invalid',
       role = 'administrator', true, {{NOW}}::timestamptz - interval '1500 days', role, all_areas
FROM bench_user;
INSERT INTO caseflow_user_teams (user_id, team_id) SELECT id, team FROM bench_user WHERE team IS NOT NULL;
INSERT INTO caseflow_user_service_areas (user_id, servicearea_id) SELECT id, area FROM bench_user WHERE area IS NOT NULL AND team IS NULL;
INSERT INTO caseflow_historicaluser (id, is_superuser, username, first_name, last_name, email, is_staff, is_active,
                                     date_joined, role, sees_all_areas, history_date, history_change_reason,
                                     history_type, history_user_id)
SELECT id, is_superuser, username, first_name, last_name, email, is_staff, is_active, date_joined, role,
       sees_all_areas, date_joined, 'Account created', '+', 1
FROM caseflow_user;
INSERT INTO caseflow_historicaluser_teams (id, history_id, user_id, team_id)
SELECT t.id, h.history_id, t.user_id, t.team_id FROM caseflow_user_teams t JOIN caseflow_historicaluser h ON h.id = t.user_id;
INSERT INTO caseflow_historicaluser_service_areas (id, history_id, user_id, servicearea_id)
SELECT s.id, h.history_id, s.user_id, s.servicearea_id
FROM caseflow_user_service_areas s JOIN caseflow_historicaluser h ON h.id = s.user_id;

-- step: plan the children
-- One row per child with everything later steps choose from: team, social worker, IRO, whether
-- looked after, which pathway and reunification journey (if any), and when the record began.
-- Child 1 is the benchmark's long-history child (team 1, the busy social worker's).
CREATE TEMP TABLE bench_child AS
WITH base AS (
    SELECT n,
           pg_temp.u('child:' || n) AS id,
           1 + (n - 1) % {{TEAMS}} AS team,
           CASE WHEN n = 1 THEN 1 WHEN pg_temp.r(n, 2) < 0.15 THEN 1 ELSE pg_temp.ri(n, 3, 2, 13) END AS sw_k,
           pg_temp.ri(n, 4, 2, 13) AS prev_sw_k,
           (n = 1 OR pg_temp.r(n, 1) < 0.35) AS lac,
           {{NOW}}::timestamptz - (45 + pg_temp.r(n, 5) * 1300) * interval '1 day' AS created,
           ({{NOW}}::date - (120 + floor(pg_temp.r(n, 6) * 6200))::int) AS dob,
           pg_temp.r(n, 7) AS r_aow,
           pg_temp.r(n, 8) AS r_pw,
           pg_temp.r(n, 9) AS r_ru
    FROM generate_series(1, {{CHILDREN}}) n
), chosen AS (
    SELECT b.*,
           CASE WHEN n = 1 THEN 8
                WHEN lac AND pg_temp.r(n, 10) < 0.65
                THEN 1 + width_bucket(b.r_pw * 100, ARRAY[22, 32, 46, 52, 60, 70, 75, 80, 88, 92, 95, 98]::float8[])
           END AS pw,
           CASE WHEN n = 1 THEN 9
                WHEN lac AND pg_temp.r(n, 11) < 0.35
                THEN 1 + width_bucket(b.r_ru * 100, ARRAY[8, 14, 28, 33, 41, 53, 57, 63, 75, 83, 89, 94]::float8[])
           END AS ru0
    FROM base b
)
SELECT c.*,
       {{TB}} + 16 * (c.team - 1) + 2 + c.sw_k AS sw,
       {{TB}} + 16 * (c.team - 1) + 2 + c.prev_sw_k AS prev_sw,
       {{TB}} + 16 * (c.team - 1) + (c.n % 2) AS tm,
       {{TB}} + 16 * (c.team - 1) + 2 AS ap,
       10 + 3 * ((c.team - 1) / {{TEAMS_PER_AREA}}) + (c.n % 2) AS sm,
       10 + 3 * ((c.team - 1) / {{TEAMS_PER_AREA}}) + 2 AS hos,
       CASE WHEN c.lac THEN {{IB}} + (c.n % {{IROS}}) END AS iro,
       -- A reunification journey that agrees with the pathway: a child at home on the pathway
       -- is home (or ended) in reunification too; a child living away is not yet home.
       CASE WHEN c.ru0 IS NULL THEN NULL
            WHEN c.pw IN (6, 7, 8, 9, 12, 13) AND c.ru0 <= 8 THEN 9
            WHEN (c.pw IS NULL OR c.pw NOT IN (6, 7, 8, 9, 12, 13)) AND c.ru0 IN (9, 10) THEN 6
            ELSE c.ru0 END AS ru,
       (c.pw IS NOT NULL AND c.n <> 1 AND pg_temp.r(c.n, 12) < 0.15) AS pw_prev,
       CASE WHEN c.lac THEN CASE WHEN c.r_aow < 0.8 THEN 'looked_after' WHEN c.r_aow < 0.87 THEN 'adoption'
                                 WHEN c.r_aow < 0.93 THEN 'fostering' ELSE 'leaving_care' END
            ELSE CASE WHEN c.r_aow < 0.45 THEN 'child_in_need' WHEN c.r_aow < 0.7 THEN 'child_protection'
                      WHEN c.r_aow < 0.95 THEN 'early_help' ELSE 'disabled_children' END
       END AS area_of_work
FROM chosen c;
CREATE UNIQUE INDEX ON bench_child (n);
CREATE UNIQUE INDEX ON bench_child (id);
ANALYZE bench_child;

-- step: children
-- '+' when the record was made (often with an earlier social worker), '~' when reallocated.
INSERT INTO caseflow_historicalchild (id, given_names, family_name, known_as, date_of_birth, gender, ethnicity,
    local_reference, area_of_work, created_at, history_date, history_change_reason, history_type, allocated_worker_id,
    history_user_id, reviewing_officer_id, team_id, may_return_unplanned, history_ip_address)
SELECT c.id, pg_temp.name('given', c.n, 21), pg_temp.name('family', c.n, 22),
       CASE WHEN pg_temp.r(c.n, 23) < 0.1 THEN pg_temp.name('given', c.n, 24) ELSE '' END,
       c.dob, (ARRAY['female','male','female','male','non_binary','not_known'])[pg_temp.ri(c.n, 25, 1, 6)],
       pg_temp.name('ethnicity', c.n, 26), 'BR' || lpad(c.n::text, 7, '0'), c.area_of_work, c.created,
       v.at, v.reason, v.kind, v.worker, v.by_user, c.iro, c.team,
       c.lac AND pg_temp.r(c.n, 27) < 0.06, pg_temp.ip(c.n)
FROM bench_child c
CROSS JOIN LATERAL (
    VALUES (c.created, 'Child record created', '+',
            CASE WHEN pg_temp.r(c.n, 28) < 0.5 THEN c.prev_sw ELSE c.sw END, c.tm),
           (pg_temp.between_(c.created, {{NOW}}::timestamptz, 0.4), 'Child record edited', '~', c.sw, c.tm)
) AS v (at, reason, kind, worker, by_user)
WHERE v.kind = '+' OR pg_temp.r(c.n, 28) < 0.5;

-- The long-history child: a record edited again and again (known as, allocation notes).
INSERT INTO caseflow_historicalchild (id, given_names, family_name, known_as, date_of_birth, gender, ethnicity,
    local_reference, area_of_work, created_at, history_date, history_change_reason, history_type, allocated_worker_id,
    history_user_id, reviewing_officer_id, team_id, may_return_unplanned)
SELECT h.id, h.given_names, h.family_name, 'Known as ' || i, h.date_of_birth, h.gender, h.ethnicity,
       h.local_reference, h.area_of_work, h.created_at,
       pg_temp.between_(h.history_date, {{NOW}}::timestamptz - interval '1 day', i / ({{LONG_EDITS}} + 1.0)),
       'Child record edited', '~', h.allocated_worker_id, h.history_user_id, h.reviewing_officer_id, h.team_id,
       h.may_return_unplanned
FROM (SELECT * FROM caseflow_historicalchild WHERE id = pg_temp.u('child:1') ORDER BY history_date DESC LIMIT 1) h,
     generate_series(1, {{LONG_EDITS}}) i;
SELECT pg_temp.derive('caseflow_child');

-- step: legal status, placements and network
-- Legal status journeys: looked-after children 1-7, others 8-12 (the last is current).
CREATE TEMP TABLE bench_legal_seq (seq int, statuses text[]);
INSERT INTO bench_legal_seq VALUES
 (1, ARRAY['s20']), (2, ARRAY['cin','s20']), (3, ARRAY['interim_care_order','care_order']),
 (4, ARRAY['cin','interim_care_order','care_order']), (5, ARRAY['interim_care_order']),
 (6, ARRAY['cp_plan','interim_care_order']), (7, ARRAY['care_order','placement_order']),
 (8, ARRAY['cin']), (9, ARRAY['cp_plan']), (10, ARRAY['cin','cp_plan']), (11, ARRAY['none']), (12, ARRAY['cp_plan','cin']);

CREATE TEMP TABLE bench_period AS
SELECT c.n, c.id AS child_id, c.sw, c.created, 'legal'::text AS what, i, m, s.statuses[i] AS value,
       nextval(pg_get_serial_sequence('caseflow_legalstatusperiod', 'id')) AS id
FROM bench_child c
JOIN bench_legal_seq s ON s.seq = CASE WHEN c.lac THEN pg_temp.ri(c.n, 31, 1, 7) ELSE pg_temp.ri(c.n, 31, 8, 12) END
CROSS JOIN LATERAL (SELECT array_length(s.statuses, 1) AS m) len
CROSS JOIN LATERAL generate_series(1, len.m) i;

INSERT INTO bench_period
SELECT c.n, c.id, c.sw, c.created, 'placement', i, m,
       CASE WHEN NOT c.lac THEN 'home'
            WHEN i = m AND c.pw IN (6, 7, 8, 9, 12, 13) THEN
                CASE WHEN pg_temp.r(c.n, 33) < 0.6 THEN 'placed_with_parents' ELSE 'home' END
            ELSE (ARRAY['foster','foster','foster','kinship','residential'])[pg_temp.ri(c.n * 7 + i, 34, 1, 5)] END,
       nextval(pg_get_serial_sequence('caseflow_placementperiod', 'id'))
FROM bench_child c
CROSS JOIN LATERAL (SELECT CASE WHEN c.lac THEN pg_temp.ri(c.n, 32, 1, 3) ELSE 1 END AS m) len
CROSS JOIN LATERAL generate_series(1, len.m) i;

-- Period i runs from i-1 to i of the way from the record's start to now; the last is open.
CREATE TEMP VIEW bench_period_dates AS
SELECT p.*,
       (pg_temp.between_(p.created, {{NOW}}::timestamptz, (p.i - 1)::float8 / p.m))::date AS start_date,
       CASE WHEN p.i < p.m THEN (pg_temp.between_(p.created, {{NOW}}::timestamptz, p.i::float8 / p.m))::date END AS end_date
FROM bench_period p;

INSERT INTO caseflow_historicallegalstatusperiod (id, start_date, end_date, status, history_date,
    history_change_reason, history_type, child_id, history_user_id, history_ip_address)
SELECT p.id, p.start_date, v.end_date, p.value, v.at, v.reason, v.kind, p.child_id, p.sw, pg_temp.ip(p.id)
FROM bench_period_dates p
CROSS JOIN LATERAL (
    VALUES (p.start_date + time '10:00', NULL::date,
            CASE WHEN p.i = 1 THEN 'Legal status recorded when the child was added' ELSE 'Recorded' END, '+'),
           (p.end_date + time '10:00', p.end_date, 'Ended by the next one', '~')
) AS v (at, end_date, reason, kind)
WHERE p.what = 'legal' AND (v.kind = '+' OR p.end_date IS NOT NULL);

INSERT INTO caseflow_historicalplacementperiod (id, start_date, end_date, placement_type, carer, history_date,
    history_change_reason, history_type, child_id, history_user_id, history_ip_address)
SELECT p.id, p.start_date, v.end_date, p.value,
       CASE WHEN p.value IN ('foster', 'kinship', 'residential') THEN 'Carer ' || pg_temp.name('family', p.id, 35) ELSE '' END,
       v.at, v.reason, v.kind, p.child_id, p.sw, pg_temp.ip(p.id)
FROM bench_period_dates p
CROSS JOIN LATERAL (
    VALUES (p.start_date + time '11:00', NULL::date, 'Recorded', '+'),
           (p.end_date + time '11:00', p.end_date, 'Ended by the next one', '~')
) AS v (at, end_date, reason, kind)
WHERE p.what = 'placement' AND (v.kind = '+' OR p.end_date IS NOT NULL);

-- Network: 3-7 people (the long-history child: many), parents and household first.
CREATE TEMP TABLE bench_np AS
SELECT c.n, c.id AS child_id, c.sw, c.created, c.dob AS child_dob, k,
       nextval(pg_get_serial_sequence('caseflow_networkperson', 'id')) AS id,
       CASE k WHEN 1 THEN 'mother' WHEN 2 THEN 'father' WHEN 3 THEN 'grandparent' WHEN 4 THEN 'aunt_uncle'
              WHEN 5 THEN 'family_friend' WHEN 6 THEN 'sibling' WHEN 7 THEN 'professional'
              ELSE (ARRAY['other_relative','foster_carer','parent_partner','kinship_carer','step_parent'])[1 + k % 5] END AS relationship,
       CASE k WHEN 1 THEN 'household' WHEN 2 THEN CASE WHEN pg_temp.r(c.n, 41) < 0.6 THEN 'household' ELSE 'extended_family' END
              WHEN 3 THEN 'extended_family' WHEN 4 THEN 'extended_family' WHEN 5 THEN 'regular_visitor'
              WHEN 6 THEN 'household' WHEN 7 THEN 'other'
              ELSE (ARRAY['extended_family','other','household','regular_visitor'])[1 + k % 4] END AS circle
FROM bench_child c
CROSS JOIN LATERAL generate_series(1, CASE WHEN c.n = 1 THEN {{LONG_NETWORK}} ELSE pg_temp.ri(c.n, 40, 3, 6) END) k;
CREATE INDEX ON bench_np (n, k);
ANALYZE bench_np;

INSERT INTO caseflow_historicalnetworkperson (id, name, relationship, date_of_birth, is_trusted_adult, contact,
    history_date, history_change_reason, history_type, child_id, history_user_id, circle, history_ip_address)
SELECT p.id, pg_temp.name('given', p.id, 42) || ' ' || pg_temp.name('family', p.n, 22), p.relationship,
       CASE WHEN p.relationship = 'sibling' THEN p.child_dob + pg_temp.ri(p.id, 43, -3000, 3000)
            WHEN p.relationship = 'professional' THEN NULL
            ELSE {{NOW}}::date - pg_temp.ri(p.id, 43, 19 * 365, 70 * 365) END,
       p.k IN (3, 4) AND pg_temp.r(p.id, 44) < 0.3,
       v.contact, v.at, v.reason, v.kind, p.child_id, p.sw, p.circle, pg_temp.ip(p.id)
FROM bench_np p
CROSS JOIN LATERAL (
    VALUES (p.created + p.k * interval '1 day' + interval '2 hours', '07700 ' || lpad((p.id % 999999)::text, 6, '0'),
            'Network person added', '+'),
           (pg_temp.between_(p.created + p.k * interval '1 day', {{NOW}}::timestamptz, 0.5 + 0.4 * pg_temp.r(p.id, 45)),
            '07800 ' || lpad((p.id % 999999)::text, 6, '0'), 'Network person edited', '~')
) AS v (at, contact, reason, kind)
WHERE v.kind = '+' OR pg_temp.r(p.id, 46) < CASE WHEN p.n = 1 THEN 0.9 ELSE 0.15 END;
SELECT pg_temp.derive('caseflow_legalstatusperiod');
SELECT pg_temp.derive('caseflow_placementperiod');
SELECT pg_temp.derive('caseflow_networkperson');

-- step: pathway episodes
-- Journeys (variant: the stages in order). Stage 3 reached without 'stage_2_final_60_days' is an
-- unplanned return.
CREATE TEMP TABLE bench_pw_path (variant int, states text[]);
INSERT INTO bench_pw_path VALUES
 (1, ARRAY['stage_1']),
 (2, ARRAY['stage_1','stage_1_byf']),
 (3, ARRAY['stage_1','stage_2']),
 (4, ARRAY['stage_1','stage_1_byf','stage_2']),
 (5, ARRAY['stage_1','stage_2','stage_2_final_60_days']),
 (6, ARRAY['stage_1','stage_2','stage_2_final_60_days','stage_3']),
 (7, ARRAY['stage_1','stage_2','stage_3']),
 (8, ARRAY['stage_1','stage_2','stage_2_final_60_days','stage_3','closure']),
 (9, ARRAY['stage_1','stage_2','stage_2_final_60_days','stage_3','closure','closed']),
 (10, ARRAY['stage_1','exited']),
 (11, ARRAY['stage_1','stage_2','exited']),
 (12, ARRAY['stage_1','stage_1_byf','stage_2','stage_2_final_60_days','stage_3','closure','closed']),
 (13, ARRAY['stage_1','stage_1_byf','stage_3']);

-- Each episode: its journey, when it began and when its last change happened. A child with an
-- earlier episode had it (ended) in the first half of their record, the current one after.
CREATE TEMP TABLE bench_pw AS
WITH eps AS (
    SELECT c.n, c.id AS child_id, c.sw, c.tm, 2 AS seq, c.pw AS variant,
           pg_temp.between_(c.created, {{NOW}}::timestamptz, CASE WHEN c.pw_prev THEN 0.55 ELSE 0.03 END) AS activated,
           {{NOW}}::timestamptz - interval '1 day' - pg_temp.r(c.n, 51) * interval '20 days' AS horizon
    FROM bench_child c WHERE c.pw IS NOT NULL
    UNION ALL
    SELECT c.n, c.id, c.sw, c.tm, 1, (ARRAY[9, 10, 11, 12, 9])[pg_temp.ri(c.n, 52, 1, 5)],
           c.created + interval '2 days', pg_temp.between_(c.created, {{NOW}}::timestamptz, 0.5)
    FROM bench_child c WHERE c.pw_prev
)
SELECT e.*, pg_temp.u('pathway:' || e.n || ':' || e.seq) AS id, p.states, array_length(p.states, 1) AS k,
       array_position(p.states, 'stage_1_byf') AS i_byf,
       array_position(p.states, 'stage_2_final_60_days') AS i_60,
       array_position(p.states, 'stage_3') AS i_3,
       ('stage_3' = ANY (p.states) AND NOT 'stage_2_final_60_days' = ANY (p.states)) AS unplanned,
       p.states[array_length(p.states, 1)] AS final_state
FROM eps e JOIN bench_pw_path p ON p.variant = e.variant;

-- The moment each stage was entered: stage j (1-based) at (j-1)/k of the way from start to horizon.
CREATE TEMP TABLE bench_pw_step AS
SELECT e.id AS episode_id, e.n, e.child_id, e.sw, e.tm, e.k, j, e.states[j] AS state,
       pg_temp.between_(e.activated, e.horizon, (j - 1)::float8 / e.k) AS entered,
       CASE WHEN j < e.k THEN pg_temp.between_(e.activated, e.horizon, j::float8 / e.k)
            ELSE {{NOW}}::timestamptz END AS left_at,
       CASE WHEN j > 1 THEN e.states[j - 1] END AS from_state
FROM bench_pw e CROSS JOIN LATERAL generate_series(1, e.k) j;
CREATE INDEX ON bench_pw_step (episode_id, j);
ANALYZE bench_pw_step;

ALTER TABLE bench_pw ADD COLUMN planned date, ADD COLUMN returned date, ADD COLUMN route text,
    ADD COLUMN legal_route text, ADD COLUMN ended date;
UPDATE bench_pw e SET
    returned = (SELECT s.entered::date FROM bench_pw_step s WHERE s.episode_id = e.id AND s.j = e.i_3),
    ended = CASE WHEN e.final_state IN ('closed', 'exited')
                 THEN (SELECT s.entered::date FROM bench_pw_step s WHERE s.episode_id = e.id AND s.j = e.k) END,
    route = CASE WHEN pg_temp.r(e.n * 3 + e.seq, 53) < 0.75 THEN 'going_home' ELSE 'support' END,
    legal_route = CASE WHEN e.final_state IN ('closure', 'closed')
                       THEN CASE WHEN pg_temp.r(e.n, 54) < 0.6 THEN 'order_discharged' ELSE 'no_legal_status' END
                       ELSE (ARRAY['care_order_remains','discharge_in_progress','no_legal_status'])[pg_temp.ri(e.n, 54, 1, 3)] END;
UPDATE bench_pw e SET planned = CASE
    WHEN e.i_3 IS NOT NULL AND NOT e.unplanned THEN e.returned
    WHEN e.unplanned THEN e.returned + 90
    WHEN e.final_state = 'stage_2_final_60_days' THEN {{NOW}}::date + pg_temp.ri(e.n, 55, 3, 55)
    WHEN e.final_state = 'stage_2' THEN {{NOW}}::date + pg_temp.ri(e.n, 55, 70, 330)
    WHEN e.final_state = 'stage_1_byf' AND pg_temp.r(e.n, 56) < 0.6 THEN {{NOW}}::date + pg_temp.ri(e.n, 55, 380, 700)
    WHEN e.final_state = 'stage_1' AND pg_temp.r(e.n, 56) < 0.3 THEN {{NOW}}::date + pg_temp.ri(e.n, 55, 100, 360)
END;
CREATE UNIQUE INDEX ON bench_pw (id);
ANALYZE bench_pw;

-- History: '+' when stage 1 began, '~' when the social worker recorded the route and planned
-- return, then '~' for each approved stage change (the unplanned return recorded at once).
INSERT INTO pathways_historicalpathwayepisode (id, state, activated_at, state_entered_at, route, planned_return_date,
    proceedings_concluded_on, placement_settled, returned_home_on, unplanned_return, legal_route, ended_on,
    history_date, history_change_reason, history_type, child_id, history_user_id, started_by_id, history_ip_address)
SELECT e.id, 'stage_1', e.activated, e.activated, '', NULL::date, NULL::date, false, NULL::date, false, '', NULL::date,
       e.activated, 'Pathway started: the child started living away from home', '+', e.child_id, e.sw, e.sw,
       pg_temp.ip(e.n)
FROM bench_pw e
UNION ALL
SELECT e.id, 'stage_1', e.activated, e.activated, e.route, e.planned,
       CASE WHEN e.i_byf IS NOT NULL THEN (e.activated + interval '60 days')::date END, e.i_byf IS NOT NULL,
       NULL, false, '', NULL,
       pg_temp.between_(s.entered, s.left_at, 0.3), 'Pathway details updated', '~', e.child_id, e.sw, e.sw,
       pg_temp.ip(e.n)
FROM bench_pw e JOIN bench_pw_step s ON s.episode_id = e.id AND s.j = 1
UNION ALL
SELECT e.id, s.state, e.activated, s.entered, e.route, e.planned,
       CASE WHEN e.i_byf IS NOT NULL THEN (e.activated + interval '60 days')::date END, e.i_byf IS NOT NULL,
       CASE WHEN s.j >= e.i_3 THEN e.returned END, e.unplanned AND s.j >= e.i_3,
       CASE WHEN s.j >= e.i_3 AND s.state <> 'exited' THEN e.legal_route ELSE '' END,
       CASE WHEN s.state IN ('closed', 'exited') THEN s.entered::date END,
       s.entered,
       CASE WHEN e.unplanned AND s.state = 'stage_3' THEN 'Unplanned return home'
            ELSE initcap(replace(s.state, '_', ' ')) || ': requested by ' ||
                 CASE WHEN s.state = 'stage_2_final_60_days' AND pg_temp.r(e.n, 57) < 0.5 THEN 'the 60-day check'
                      ELSE 'the social worker' END || ' (ready); approved by the team manager (agreed)' END,
       '~', e.child_id, CASE WHEN e.unplanned AND s.state = 'stage_3' THEN e.sw ELSE e.tm END, e.sw, pg_temp.ip(e.n)
FROM bench_pw e JOIN bench_pw_step s ON s.episode_id = e.id AND s.j > 1;
SELECT pg_temp.derive('pathways_pathwayepisode');

-- step: pathway records
-- Actions of every stage reached: done for stages left behind (a few 'considered' ones not
-- applicable), about half done in the current stage.
CREATE TEMP TABLE bench_pw_action AS
SELECT s.episode_id, s.n, s.sw, a.key, s.state,
       nextval(pg_get_serial_sequence('pathways_pathwayaction', 'id')) AS id,
       CASE WHEN a.considered AND pg_temp.r(hashtext(s.episode_id::text || a.key), 61) < 0.2 THEN 'not_applicable'
            ELSE 'done' END AS status,
       pg_temp.between_(s.entered, s.left_at, 0.05 + 0.9 * pg_temp.r(hashtext(s.episode_id::text || a.key), 62)) AS at
FROM bench_pw_step s
JOIN bench_action_key a ON a.stage = s.state
WHERE s.j < s.k OR pg_temp.r(hashtext(s.episode_id::text || a.key), 63) < 0.5;

INSERT INTO pathways_historicalpathwayaction (id, key, status, done_on, outcome, note, not_applicable_reason,
    recorded_at, history_date, history_change_reason, history_type, done_by_id, history_user_id, recorded_by_id,
    episode_id, history_ip_address)
SELECT a.id, a.key, a.status, CASE WHEN a.status = 'done' THEN a.at::date END,
       CASE WHEN a.status = 'done' THEN v.outcome ELSE '' END, '',
       CASE WHEN a.status = 'not_applicable' THEN 'Not needed for this family at this point' ELSE '' END,
       v.at, v.at, v.reason, v.kind, CASE WHEN a.status = 'done' THEN a.sw END, a.sw, a.sw, a.episode_id,
       pg_temp.ip(a.id)
FROM bench_pw_action a
CROSS JOIN LATERAL (
    VALUES (a.at, 'Completed', 'Action recorded', '+'),
           (a.at + interval '3 days', 'Completed; outcome shared with the family', 'Action record updated', '~')
) AS v (at, outcome, reason, kind)
WHERE v.kind = '+' OR pg_temp.r(a.id, 64) < 0.1;
SELECT pg_temp.derive('pathways_pathwayaction');

-- Stage change requests: one approved per move (none for an unplanned return), some refused
-- before, and some waiting now for the next move.
CREATE TEMP TABLE bench_pw_request AS
SELECT pg_temp.u('request:' || s.episode_id || ':' || s.j) AS id, s.episode_id, s.n, s.sw, s.tm,
       CASE WHEN s.state = 'stage_1_byf' THEN 'transfer_to_byf'
            WHEN s.state = 'stage_2' AND s.from_state = 'stage_1' THEN 'agree_going_home'
            WHEN s.state = 'stage_2' THEN 'agree_going_home_from_byf'
            WHEN s.state = 'stage_2_final_60_days' THEN 'start_final_60_days'
            WHEN s.state = 'stage_3' THEN 'return_home'
            WHEN s.state = 'closure' THEN 'start_closure'
            WHEN s.state = 'closed' THEN 'close'
            ELSE 'exit' END AS transition,
       s.entered - interval '2 days' * (0.2 + pg_temp.r(s.n * 10 + s.j, 71)) AS requested_at, s.entered AS decided_at,
       'approved' AS status,
       CASE WHEN s.state = 'stage_2_final_60_days' AND pg_temp.r(s.n, 57) < 0.5 THEN NULL ELSE s.sw END AS requested_by,
       CASE WHEN s.state = 'exited' THEN s.entered::date END AS effective_on
FROM bench_pw_step s JOIN bench_pw e ON e.id = s.episode_id
WHERE s.j > 1 AND NOT (e.unplanned AND s.state = 'stage_3');
INSERT INTO bench_pw_request
SELECT pg_temp.u('refused:' || s.episode_id), s.episode_id, s.n, s.sw, s.tm,
       CASE WHEN s.state = 'stage_1_byf' THEN 'transfer_to_byf' WHEN s.from_state = 'stage_1' THEN 'agree_going_home'
            ELSE 'exit' END,
       s.entered - interval '20 days', s.entered - interval '18 days', 'refused', s.sw,
       CASE WHEN s.state NOT IN ('stage_1_byf', 'stage_2') THEN (s.entered - interval '20 days')::date END
FROM bench_pw_step s
WHERE s.j = 2 AND pg_temp.r(s.n, 72) < 0.08 AND s.entered - interval '20 days' > (SELECT p.entered FROM bench_pw_step p WHERE p.episode_id = s.episode_id AND p.j = 1);
INSERT INTO bench_pw_request
SELECT pg_temp.u('pending:' || e.id), e.id, e.n, e.sw, e.tm,
       CASE e.final_state WHEN 'stage_1' THEN 'agree_going_home' WHEN 'stage_1_byf' THEN 'agree_going_home_from_byf'
            WHEN 'stage_2' THEN 'start_final_60_days' WHEN 'stage_2_final_60_days' THEN 'return_home'
            WHEN 'stage_3' THEN 'start_closure' ELSE 'close' END,
       {{NOW}}::timestamptz - pg_temp.r(e.n, 73) * interval '14 days', NULL, 'pending', e.sw, NULL
FROM bench_pw e
WHERE e.final_state NOT IN ('closed', 'exited') AND pg_temp.r(e.n, 74) < 0.25;

INSERT INTO pathways_historicaltransitionrequest (id, transition, reason, effective_on, requested_at, status,
    decided_at, decision_reason, history_date, history_change_reason, history_type, decided_by_id, history_user_id,
    requested_by_id, episode_id, history_ip_address)
SELECT r.id, r.transition, 'The plan and the family are ready for this step', r.effective_on, r.requested_at,
       v.status, v.decided_at, v.decision_reason, v.at, v.reason, v.kind, v.decided_by, v.by_user, r.requested_by,
       r.episode_id, pg_temp.ip(r.n)
FROM bench_pw_request r
CROSS JOIN LATERAL (
    VALUES (r.requested_at, 'pending', NULL::timestamptz, '', 'Stage change requested', '+', NULL::bigint, r.sw),
           (r.decided_at, r.status, r.decided_at,
            CASE WHEN r.status = 'approved' THEN 'Agreed in supervision' ELSE 'Not yet: the network meeting first' END,
            CASE WHEN r.status = 'approved' THEN 'Request approved' ELSE 'Request refused' END, '~', r.tm, r.tm)
) AS v (at, status, decided_at, decision_reason, reason, kind, decided_by, by_user)
WHERE v.kind = '+' OR r.status <> 'pending';
SELECT pg_temp.derive('pathways_transitionrequest');

-- Agreements: the Deputy Director's to each planned return (and to some waiting now); for
-- unplanned returns, managers' agreements or explanations, some still missing.
CREATE TEMP TABLE bench_pw_agreement AS
SELECT nextval(pg_get_serial_sequence('pathways_episodeagreement', 'id')) AS id, e.id AS episode_id, e.n,
       a.kind, a.outcome, a.by_user, a.at
FROM bench_pw e
JOIN bench_pw_step s60 ON s60.episode_id = e.id AND s60.j = e.i_60
CROSS JOIN LATERAL (VALUES ('dd_return_home', 'agreed', 2::bigint, pg_temp.between_(s60.entered, s60.left_at, 0.6))) a (kind, outcome, by_user, at)
WHERE e.i_3 IS NOT NULL OR pg_temp.r(e.n, 81) < 0.4
UNION ALL
SELECT nextval(pg_get_serial_sequence('pathways_episodeagreement', 'id')), e.id, e.n, a.kind, 'explained', a.by_user,
       s3.entered + interval '3 days'
FROM bench_pw e
JOIN bench_pw_step s3 ON s3.episode_id = e.id AND s3.j = e.i_3
CROSS JOIN LATERAL (VALUES ('tm_unplanned_return', e.tm, 0.6), ('dd_return_home', 2::bigint, 0.3)) a (kind, by_user, share)
WHERE e.unplanned AND pg_temp.r(e.n * 2 + length(a.kind), 82) < a.share;
INSERT INTO pathways_episodeagreement (id, kind, outcome, rationale, recorded_at, recorded_by_id, episode_id)
SELECT id, kind, outcome, 'Discussed at the Deputy Director meeting; the plan is safe', at, by_user, episode_id
FROM bench_pw_agreement;
INSERT INTO pathways_historicalepisodeagreement (id, kind, outcome, rationale, recorded_at, history_date,
    history_change_reason, history_type, history_user_id, recorded_by_id, episode_id)
SELECT id, kind, outcome, 'Discussed at the Deputy Director meeting; the plan is safe', at, at,
       'Agreement recorded', '+', by_user, by_user, episode_id
FROM bench_pw_agreement;

-- Going Home plans (before the move to stage 2) with reviews; transfer checklists for BYF.
CREATE TEMP TABLE bench_pw_plan AS
SELECT nextval(pg_get_serial_sequence('pathways_goinghomeplan', 'id')) AS id, e.id AS episode_id, e.n, e.sw,
       s1.entered + (s1.left_at - s1.entered) * 0.7 AS at, s2.entered AS stage_2_at,
       CASE WHEN e.i_byf IS NOT NULL THEN 'within_1_year' ELSE 'within_6_12_months' END AS timeframe
FROM bench_pw e
JOIN bench_pw_step s2 ON s2.episode_id = e.id AND s2.state = 'stage_2'
JOIN bench_pw_step s1 ON s1.episode_id = e.id AND s1.j = s2.j - 1;
INSERT INTO pathways_historicalgoinghomeplan (id, timeframe, plan_text, shared_on, shared_with, history_date,
    history_change_reason, history_type, history_user_id, episode_id)
SELECT p.id, p.timeframe, v.plan_text, v.at::date, 'Parents, foster carers, IRO', v.at, v.reason, v.kind, p.sw,
       p.episode_id
FROM bench_pw_plan p
CROSS JOIN LATERAL (
    VALUES (p.at, 'Family time increases to overnight stays; return home after the summer term', 'Going Home plan recorded', '+'),
           (pg_temp.between_(p.stage_2_at, {{NOW}}::timestamptz, 0.3),
            'Family time increases to overnight stays; return home agreed for the new school year', 'Going Home plan revised', '~')
) AS v (at, plan_text, reason, kind)
WHERE v.kind = '+' OR pg_temp.r(p.n, 91) < 0.3;
SELECT pg_temp.derive('pathways_goinghomeplan');
INSERT INTO pathways_historicalgoinghomeplanreview (id, meeting, reviewed_on, note, history_date,
    history_change_reason, history_type, history_user_id, plan_id, recorded_by_id)
SELECT nextval(pg_get_serial_sequence('pathways_goinghomeplanreview', 'id')),
       (ARRAY['cwcf_review','md_supervision','legal_meeting','tracker_meeting','network_meeting','supervision'])[pg_temp.ri(p.id * 5 + i, 92, 1, 6)],
       pg_temp.between_(p.at, {{NOW}}::timestamptz, i / 5.0)::date, 'Plan still right; timescale kept',
       pg_temp.between_(p.at, {{NOW}}::timestamptz, i / 5.0), 'Going Home plan review recorded', '+', p.sw, p.id, p.sw
FROM bench_pw_plan p CROSS JOIN LATERAL generate_series(1, pg_temp.ri(p.n, 93, 1, 4)) i;
SELECT pg_temp.derive('pathways_goinghomeplanreview');

INSERT INTO pathways_historicaltransferchecklistcompletion (id, completed_on, note, history_date,
    history_change_reason, history_type, completed_by_id, history_user_id, episode_id, item_id)
SELECT nextval(pg_get_serial_sequence('pathways_transferchecklistcompletion', 'id')),
       (s.entered - interval '3 days')::date, '', s.entered - interval '3 days' + i.id * interval '1 minute',
       'Transfer checklist item completed', '+', s.sw, s.sw, s.episode_id, i.id
FROM bench_pw_step s JOIN pathways_transferchecklistitem i ON i.is_active
WHERE s.state = 'stage_1_byf';
SELECT pg_temp.derive('pathways_transferchecklistcompletion');

-- step: reunification episodes
CREATE TEMP TABLE bench_ru_path (variant int, states text[]);
INSERT INTO bench_ru_path VALUES
 (1, ARRAY['identified']),
 (2, ARRAY['identified','decision_1']),
 (3, ARRAY['identified','decision_1','assessment']),
 (4, ARRAY['identified','decision_1','assessment','decision_2']),
 (5, ARRAY['identified','decision_1','assessment','decision_2','planning']),
 (6, ARRAY['identified','decision_1','assessment','decision_2','planning','implementation']),
 (7, ARRAY['identified','decision_1','assessment','decision_2','planning','implementation','decision_3']),
 (8, ARRAY['identified','decision_1','assessment','decision_2','planning','implementation','decision_3','transition_home']),
 (9, ARRAY['identified','decision_1','assessment','decision_2','planning','implementation','decision_3','transition_home','at_home']),
 (10, ARRAY['identified','decision_1','assessment','decision_2','planning','implementation','decision_3','transition_home','at_home','closed']),
 (11, ARRAY['identified','decision_1','not_pursued']),
 (12, ARRAY['identified','decision_1','assessment','decision_2','alternative_permanence']),
 (13, ARRAY['identified','decision_1','assessment','exited']);

CREATE TEMP TABLE bench_ru AS
SELECT c.n, c.id AS child_id, c.sw, c.tm, c.ap, c.sm, c.hos, c.iro, c.ru AS variant, p.states,
       array_length(p.states, 1) AS k, p.states[array_length(p.states, 1)] AS final_state,
       pg_temp.u('reunification:' || c.n) AS id,
       pg_temp.between_(c.created, {{NOW}}::timestamptz, 0.1 + 0.1 * pg_temp.r(c.n, 101)) AS identified,
       {{NOW}}::timestamptz - interval '2 days' - pg_temp.r(c.n, 102) * interval '10 days' AS horizon,
       -- Risk Classification 1: Low, Medium, High (Severe leads to alternative permanence).
       CASE WHEN c.ru = 12 THEN 'severe'
            ELSE (ARRAY['low','medium','medium','high','high'])[pg_temp.ri(c.n, 103, 1, 5)] END AS rc1,
       (SELECT np.id FROM bench_np np WHERE np.n = c.n AND np.k = 3) AS trusted_adult
FROM bench_child c JOIN bench_ru_path p ON p.variant = c.ru;
CREATE UNIQUE INDEX ON bench_ru (id);
ANALYZE bench_ru;

CREATE TEMP TABLE bench_ru_step AS
SELECT e.id AS episode_id, e.n, e.child_id, e.sw, e.tm, e.sm, e.hos, e.k, j, e.states[j] AS state,
       pg_temp.between_(e.identified, e.horizon, (j - 1)::float8 / e.k) AS entered,
       CASE WHEN j < e.k THEN pg_temp.between_(e.identified, e.horizon, j::float8 / e.k)
            ELSE {{NOW}}::timestamptz END AS left_at
FROM bench_ru e CROSS JOIN LATERAL generate_series(1, e.k) j;
CREATE INDEX ON bench_ru_step (episode_id, state);
ANALYZE bench_ru_step;

-- The dates the episode's own fields carry, from the moments its steps began.
CREATE TEMP VIEW bench_ru_dates AS
SELECT e.*,
       (SELECT entered FROM bench_ru_step s WHERE s.episode_id = e.id AND s.state = 'assessment') AS assessment_at,
       (SELECT entered FROM bench_ru_step s WHERE s.episode_id = e.id AND s.state = 'decision_2') AS decision_2_at,
       (SELECT entered FROM bench_ru_step s WHERE s.episode_id = e.id AND s.state = 'planning') AS planning_at,
       (SELECT entered FROM bench_ru_step s WHERE s.episode_id = e.id AND s.state = 'transition_home') AS transition_at,
       (SELECT entered FROM bench_ru_step s WHERE s.episode_id = e.id AND s.state = 'at_home') AS home_at
FROM bench_ru e;
CREATE TEMP TABLE bench_ru_d AS SELECT * FROM bench_ru_dates;
CREATE UNIQUE INDEX ON bench_ru_d (id);

INSERT INTO reunification_historicalreunificationepisode (id, state, state_entered_at, identified_on,
    harbour_practitioner, assessment_timetable, chronology_started_on, chronology_completed_on, rha_started_on,
    rha_due_on, rha_completed_on, cpag_on, cpag_recommended, cpag_documents, pwp_regulations_met,
    returned_home_on, outcome, ended_on, history_date, history_change_reason, history_type, assessor_id, child_id,
    chronologist_id, history_user_id, identified_by_id, trusted_adult_id, history_ip_address)
SELECT e.id, s.state, s.entered, e.identified::date,
       CASE WHEN s.j > 3 OR (s.j = 3 AND v.fact) THEN 'Harbour practitioner ' || pg_temp.name('family', e.n, 104) ELSE '' END,
       CASE WHEN s.j > 3 OR (s.j = 3 AND v.fact) THEN 'Chronology 6 weeks, RHA 12 weeks' ELSE '' END,
       CASE WHEN s.j > 3 OR (s.j = 3 AND v.fact) THEN e.assessment_at::date + 2 END,
       CASE WHEN s.j > 3 THEN e.decision_2_at::date - 5 END,
       CASE WHEN s.j > 3 OR (s.j = 3 AND v.fact) THEN e.assessment_at::date + 7 END,
       CASE WHEN s.j > 3 OR (s.j = 3 AND v.fact) THEN e.assessment_at::date + 91 END,
       CASE WHEN s.j > 5 THEN e.planning_at::date + 10 END,
       CASE WHEN s.j > 8 OR (s.j = 8 AND v.fact) THEN e.transition_at::date + 14 END,
       CASE WHEN s.j > 8 OR (s.j = 8 AND v.fact) THEN true END,
       CASE WHEN s.j > 8 OR (s.j = 8 AND v.fact)
            THEN '["rha", "chronology", "cla_review_decisions", "parental_agreement", "reunification_plan", "pwp_front_sheet"]'::jsonb
            ELSE '[]'::jsonb END,
       CASE WHEN s.j > 8 OR (s.j = 8 AND v.fact) THEN true END,
       CASE WHEN s.j >= 9 AND s.state IN ('at_home', 'closed') THEN e.home_at::date END,
       CASE WHEN s.state IN ('closed', 'not_pursued', 'alternative_permanence', 'exited')
            THEN 'Outcome recorded: ' || replace(s.state, '_', ' ') ELSE '' END,
       CASE WHEN s.state IN ('closed', 'not_pursued', 'alternative_permanence', 'exited') THEN s.entered::date END,
       CASE WHEN v.fact THEN pg_temp.between_(s.entered, s.left_at, 0.2) ELSE s.entered END,
       CASE WHEN s.j = 1 THEN 'Identified as a candidate for reunification'
            WHEN v.fact THEN 'Assessment plan or CPAG updated'
            ELSE 'Moved on: ' || replace(s.state, '_', ' ') END,
       CASE WHEN s.j = 1 AND NOT v.fact THEN '+' ELSE '~' END,
       CASE WHEN s.j >= 3 THEN e.ap END, e.child_id, CASE WHEN s.j >= 3 THEN e.sw END,
       CASE WHEN s.state IN ('assessment', 'not_pursued') THEN e.tm WHEN s.state IN ('planning', 'implementation', 'alternative_permanence') THEN e.sm
            WHEN s.state IN ('transition_home') THEN e.hos ELSE e.sw END,
       CASE WHEN pg_temp.r(e.n, 105) < 0.2 AND e.iro IS NOT NULL THEN e.iro ELSE e.sw END,
       CASE WHEN s.j >= 3 THEN e.trusted_adult END,
       pg_temp.ip(e.n)
FROM bench_ru_d e
JOIN bench_ru_step s ON s.episode_id = e.id
CROSS JOIN LATERAL (VALUES (false), (true)) v (fact)
WHERE NOT v.fact OR s.state IN ('assessment', 'transition_home');
SELECT pg_temp.derive('reunification_reunificationepisode');

-- step: reunification records
-- Activities of each step reached (the current one about half done).
INSERT INTO reunification_historicalactivityrecord (id, key, done_on, note, history_date, history_change_reason,
    history_type, history_user_id, recorded_by_id, episode_id)
SELECT nextval(pg_get_serial_sequence('reunification_activityrecord', 'id')), a.key,
       pg_temp.between_(s.entered, s.left_at, 0.1 + 0.8 * pg_temp.r(hashtext(s.episode_id::text || a.key), 111))::date,
       '', pg_temp.between_(s.entered, s.left_at, 0.1 + 0.8 * pg_temp.r(hashtext(s.episode_id::text || a.key), 111)),
       'Activity recorded', '+', s.sw, s.sw, s.episode_id
FROM bench_ru_step s
JOIN bench_reunification_key a ON a.step = s.state
WHERE s.j < s.k OR pg_temp.r(hashtext(s.episode_id::text || a.key), 112) < 0.5;
SELECT pg_temp.derive('reunification_activityrecord');

-- Risk classifications: a quick one when identified (half), RC1 in the assessment, a
-- reclassification and RC2 in implementation (after Medium or High), RC3 six months after home.
CREATE TEMP TABLE bench_ru_class AS
SELECT nextval(pg_get_serial_sequence('reunification_riskclassification', 'id')) AS id, e.id AS episode_id, e.n,
       e.sw, c.kind, c.level, c.at
FROM bench_ru_d e
CROSS JOIN LATERAL (
    VALUES ('quick', (ARRAY['low','medium','high'])[pg_temp.ri(e.n, 121, 1, 3)],
            CASE WHEN pg_temp.r(e.n, 122) < 0.5 THEN pg_temp.between_(e.identified, COALESCE(e.assessment_at, e.horizon), 0.3) END),
           ('rc1', e.rc1, CASE WHEN e.decision_2_at IS NOT NULL THEN e.decision_2_at - interval '3 days' END),
           ('interim', CASE WHEN e.rc1 = 'high' THEN 'medium' ELSE 'low' END,
            CASE WHEN e.rc1 IN ('medium', 'high') AND e.variant BETWEEN 6 AND 10
                 THEN e.planning_at + interval '40 days' END),
           ('rc2', CASE WHEN e.rc1 = 'high' THEN 'medium' ELSE 'low' END,
            CASE WHEN e.rc1 IN ('medium', 'high') AND e.variant BETWEEN 7 AND 10
                 THEN (SELECT s.entered - interval '2 days' FROM bench_ru_step s WHERE s.episode_id = e.id AND s.state = 'decision_3') END),
           ('rc3', 'low', CASE WHEN e.home_at < {{NOW}}::timestamptz - interval '183 days' THEN e.home_at + interval '183 days' END)
) AS c (kind, level, at)
WHERE c.at IS NOT NULL AND c.at < {{NOW}}::timestamptz;
INSERT INTO reunification_historicalriskclassification (id, recorded_at, kind, level, classified_on, rationale,
    history_date, history_change_reason, history_type, history_user_id, recorded_by_id, episode_id)
SELECT id, at, kind, level, at::date, 'Evidence reviewed with the family and network', at, 'Risk classified', '+',
       sw, sw, episode_id
FROM bench_ru_class;
INSERT INTO reunification_riskclassification (id, recorded_at, kind, level, classified_on, rationale, episode_id,
    recorded_by_id)
SELECT id, at, kind, level, at::date, 'Evidence reviewed with the family and network', episode_id, sw
FROM bench_ru_class;

-- Decisions by the role the seed names, when each step moved on.
CREATE TEMP TABLE bench_ru_decision AS
SELECT nextval(pg_get_serial_sequence('reunification_reunificationdecision', 'id')) AS id, e.id AS episode_id, e.n,
       d.kind, d.outcome, d.risk_level, d.by_user, d.role, d.at
FROM bench_ru_d e
CROSS JOIN LATERAL (
    VALUES ('decision_1', CASE WHEN e.variant = 11 THEN 'not_pursue' ELSE 'pursue' END, '', e.tm, 'Team manager',
            e.assessment_at - interval '1 hour'),
           ('decision_1', 'not_pursue', '', e.tm, 'Team manager',
            CASE WHEN e.variant = 11 THEN (SELECT s.entered FROM bench_ru_step s WHERE s.episode_id = e.id AND s.state = 'not_pursued') END),
           ('decision_2', CASE WHEN e.variant = 12 THEN 'not_progress' ELSE 'progress' END, e.rc1, e.sm, 'Service manager',
            COALESCE(e.planning_at, (SELECT s.entered FROM bench_ru_step s WHERE s.episode_id = e.id AND s.state = 'alternative_permanence')) - interval '1 hour'),
           ('rha_sign_off', 'agreed', '', e.tm, 'Team manager', e.planning_at + interval '9 days'),
           ('decision_3', 'reunify', 'low', e.sm, 'Service manager', e.transition_at - interval '2 days'),
           ('decision_3', 'reunify', 'low', e.sm, 'Service manager',
            CASE WHEN e.variant = 7 AND pg_temp.r(e.n, 131) < 0.5 THEN e.horizon END),
           ('ratification', 'ratified', '', e.hos, 'Head of service', e.transition_at - interval '1 hour'),
           ('emergency_pwp', 'agreed', '', e.hos, 'Head of service', e.transition_at + interval '5 days'),
           ('corporate_director', 'agreed', '', 3::bigint, 'Corporate director', e.transition_at + interval '20 days')
) AS d (kind, outcome, risk_level, by_user, role, at)
WHERE d.at IS NOT NULL AND d.at < {{NOW}}::timestamptz
  AND NOT (d.kind = 'decision_1' AND d.outcome = 'pursue' AND e.variant = 11)
  AND NOT (d.kind IN ('emergency_pwp', 'corporate_director') AND e.variant = 8 AND pg_temp.r(e.n, 132) < 0.5);
-- A ratification names the Decision 3 it ratifies.
ALTER TABLE bench_ru_decision ADD COLUMN responds_to bigint;
CREATE INDEX ON bench_ru_decision (episode_id, kind);
ANALYZE bench_ru_decision;
UPDATE bench_ru_decision r SET responds_to = (
    SELECT d.id FROM bench_ru_decision d WHERE d.episode_id = r.episode_id AND d.kind = 'decision_3' ORDER BY d.at LIMIT 1)
WHERE r.kind = 'ratification';
INSERT INTO reunification_reunificationdecision (id, recorded_at, kind, outcome, risk_level, rationale, decided_on,
    decided_by_role, significant_change, decided_by_id, responds_to_id, supersedes_id, episode_id)
SELECT id, at, kind, outcome, risk_level, 'Recorded in management oversight with the evidence', at::date, role, false,
       by_user, responds_to, NULL, episode_id
FROM bench_ru_decision ORDER BY kind = 'ratification', id;
INSERT INTO reunification_historicalreunificationdecision (id, recorded_at, kind, outcome, risk_level, rationale,
    decided_on, decided_by_role, significant_change, history_date, history_change_reason, history_type,
    decided_by_id, history_user_id, responds_to_id, supersedes_id, episode_id)
SELECT id, at, kind, outcome, risk_level, 'Recorded in management oversight with the evidence', at::date, role, false,
       at, initcap(replace(kind, '_', ' ')) || ' recorded', '+', by_user, by_user, responds_to, NULL, episode_id
FROM bench_ru_decision;

-- Police checks for everyone in the household, extended family and regular visitors (adults),
-- done in the assessment of every episode that got to Decision 2.
CREATE TEMP TABLE bench_ru_check AS
SELECT nextval(pg_get_serial_sequence('reunification_policecheck', 'id')) AS id, e.id AS episode_id, np.id AS person,
       e.sw, pg_temp.between_(e.assessment_at, e.decision_2_at, 0.5) AS at
FROM bench_ru_d e JOIN bench_np np ON np.n = e.n
WHERE e.decision_2_at IS NOT NULL AND np.circle IN ('household', 'extended_family', 'regular_visitor');
INSERT INTO reunification_historicalpolicecheck (id, checked_on, result, note, history_date, history_change_reason,
    history_type, history_user_id, person_id, recorded_by_id, episode_id)
SELECT id, at::date, 'nothing_found', '', at, 'Police check recorded', '+', sw, person, sw, episode_id FROM bench_ru_check;
SELECT pg_temp.derive('reunification_policecheck');

-- The parental agreement's SMART goals, and progress on each during implementation.
CREATE TEMP TABLE bench_ru_goal AS
SELECT nextval(pg_get_serial_sequence('reunification_parentalgoal', 'id')) AS id, e.id AS episode_id, e.n, e.sw,
       g, e.planning_at + interval '5 days' + g * interval '1 hour' AS at,
       (SELECT s.entered FROM bench_ru_step s WHERE s.episode_id = e.id AND s.state = 'implementation') AS impl_at
FROM bench_ru_d e CROSS JOIN generate_series(1, 3) g
WHERE e.variant BETWEEN 6 AND 10;
INSERT INTO reunification_historicalparentalgoal (id, what_must_change, evidence, by_when, history_date,
    history_change_reason, history_type, history_user_id, recorded_by_id, episode_id)
SELECT id, (ARRAY['School attendance above 95%','No police call-outs to the home','Engages with the parenting course'])[g],
       'Monthly review of records with the social worker', (at + interval '120 days')::date, at,
       'Parental agreement goal set', '+', sw, sw, episode_id
FROM bench_ru_goal;
SELECT pg_temp.derive('reunification_parentalgoal');
INSERT INTO reunification_historicalgoalprogress (id, recorded_on, progress, on_track, history_date,
    history_change_reason, history_type, history_user_id, recorded_by_id, goal_id)
SELECT nextval(pg_get_serial_sequence('reunification_goalprogress', 'id')),
       (g.impl_at + i * interval '25 days')::date, 'Progress reviewed with the parents', pg_temp.r(g.id * 3 + i, 141) < 0.8,
       g.impl_at + i * interval '25 days', 'Progress on a goal recorded', '+', g.sw, g.sw, g.id
FROM bench_ru_goal g CROSS JOIN generate_series(1, 2) i
WHERE g.impl_at IS NOT NULL AND g.impl_at + i * interval '25 days' < {{NOW}}::timestamptz;
SELECT pg_temp.derive('reunification_goalprogress');

-- step: meetings
-- Per-child meetings: MD supervision every 8 weeks on the pathway, CWCF reviews every six
-- months for looked-after children, CIN reviews every three months, and others of many kinds.
CREATE TEMP TABLE bench_meeting AS
SELECT pg_temp.u('meeting:' || x.n || ':' || x.kind || ':' || x.i) AS id, x.n, x.child_id, x.sw, x.tm, x.sm,
       x.meeting_type, x.held_on
FROM (
    SELECT e.n, e.child_id, e.sw, e.tm, c.sm, 'md' AS kind, i, 'md_supervision' AS meeting_type,
           (e.activated + i * interval '56 days' - pg_temp.ri(e.n * 20 + i, 151, 0, 9) * interval '1 day')::date AS held_on
    FROM bench_pw e JOIN bench_child c ON c.n = e.n
    CROSS JOIN LATERAL generate_series(1, LEAST(6, floor(extract(epoch FROM (COALESCE(e.ended::timestamptz, {{NOW}}::timestamptz) - e.activated)) / 86400 / 56)::int)) i
    WHERE e.seq = 2
    UNION ALL
    SELECT c.n, c.id, c.sw, c.tm, c.sm, 'cwcf', i, 'cwcf_review',
           (c.created + i * interval '182 days' - pg_temp.ri(c.n * 20 + i, 152, 0, 20) * interval '1 day')::date
    FROM bench_child c
    CROSS JOIN LATERAL generate_series(1, LEAST(5, floor(extract(epoch FROM ({{NOW}}::timestamptz - c.created)) / 86400 / 182)::int)) i
    WHERE c.lac
    UNION ALL
    SELECT c.n, c.id, c.sw, c.tm, c.sm, 'cin', i, 'cin_review',
           (c.created + i * interval '91 days' - pg_temp.ri(c.n * 20 + i, 153, 0, 15) * interval '1 day')::date
    FROM bench_child c
    CROSS JOIN LATERAL generate_series(1, LEAST(4, floor(extract(epoch FROM ({{NOW}}::timestamptz - c.created)) / 86400 / 91)::int)) i
    WHERE c.area_of_work = 'child_in_need'
    UNION ALL
    SELECT c.n, c.id, c.sw, c.tm, c.sm, 'other', i,
           (ARRAY['network_meeting','critical_conversation','fgc','family_network','strategy','legal_planning',
                  'core_group','tac','restorative_circle','reflective_space','line_of_sight','initial_cp_conference',
                  'review_fgc','family_time_review','handover','taf'])[pg_temp.ri(c.n * 20 + i, 154, 1, 16)],
           (pg_temp.between_(c.created, {{NOW}}::timestamptz, pg_temp.r(c.n * 20 + i, 155)))::date
    FROM bench_child c CROSS JOIN LATERAL generate_series(1, CASE WHEN c.n = 1 THEN {{LONG_MEETINGS}} ELSE pg_temp.ri(c.n, 156, 0, 1) END) i
    UNION ALL
    SELECT e.n, e.child_id, e.sw, e.tm, e.sm, 'ru:' || m.meeting_type, 1, m.meeting_type, m.at::date
    FROM bench_ru_d e
    CROSS JOIN LATERAL (
        VALUES ('assessment_planning', e.assessment_at + interval '3 days'),
               ('risk_classification', e.decision_2_at - interval '3 days'),
               ('reunification_planning', e.planning_at + interval '4 days'),
               ('reunification_review', CASE WHEN pg_temp.r(e.n, 157) < 0.7 THEN e.planning_at + interval '80 days' END)
    ) m (meeting_type, at)
    WHERE m.at IS NOT NULL AND m.at < {{NOW}}::timestamptz
) x;

-- Group meetings per team: the weekly Going Home tracker meeting over the last six months, and the
-- monthly support, Deputy Director and Lifelong Links tracker meetings over the last year, each
-- about up to ten of the team's children on the pathway (teams meet on different days).
CREATE TEMP TABLE bench_group_meeting AS
SELECT pg_temp.u('group:' || t || ':' || g.meeting_type || ':' || i) AS id, t AS team, g.meeting_type,
       ({{NOW}}::date - i * g.every_days - 1 - t % g.every_days) AS held_on, i,
       {{TB}} + 16 * (t - 1) AS tm, 10 + 3 * ((t - 1) / {{TEAMS_PER_AREA}}) AS sm
FROM generate_series(1, {{TEAMS}}) t
CROSS JOIN (VALUES ('tracker', 7, 26), ('support', 30, 12), ('dd_meeting', 30, 12), ('lifelong_links_tracker', 30, 12))
    g (meeting_type, every_days, how_many)
CROSS JOIN LATERAL generate_series(0, g.how_many - 1) i;

CREATE TEMP TABLE bench_group_child AS
SELECT gm.id AS meeting_id, gm.held_on, gm.meeting_type, e.n, e.child_id, e.sw
FROM bench_group_meeting gm
JOIN bench_pw e ON e.seq = 2 AND e.final_state NOT IN ('closed', 'exited')
                AND 1 + (e.n - 1) % {{TEAMS}} = gm.team AND e.activated::date < gm.held_on
WHERE pg_temp.r(hashtext(gm.id::text) + e.n, 158) < CASE WHEN gm.meeting_type = 'tracker' THEN 0.12 ELSE 0.1 END;

INSERT INTO meetings_historicalmeeting (id, meeting_type, held_on, family_attended, no_family_reason, decisions,
    notes, history_date, history_change_reason, history_type, chair_id, history_user_id, recorded_by_id)
SELECT id, meeting_type, held_on, meeting_type NOT IN ('strategy', 'legal_planning'),
       CASE WHEN meeting_type IN ('strategy', 'legal_planning') THEN 'Families do not attend this meeting' ELSE '' END,
       'Plan reviewed; actions agreed', '', held_on + time '16:00', 'Meeting recorded', '+',
       CASE WHEN meeting_type IN ('care_planning', 'reunification_planning', 'reunification_review', 'cpag') THEN sm ELSE tm END,
       sw, sw
FROM bench_meeting
UNION ALL
SELECT id, meeting_type, held_on, true, '', 'Cohorts reviewed', '', held_on + time '15:00', 'Meeting recorded', '+',
       CASE WHEN meeting_type = 'dd_meeting' THEN 2 ELSE tm END, tm, tm
FROM bench_group_meeting;
INSERT INTO meetings_meeting (id, meeting_type, held_on, family_attended, no_family_reason, decisions, notes,
    chair_id, recorded_by_id)
SELECT id, meeting_type, held_on, family_attended, no_family_reason, decisions, notes, chair_id, recorded_by_id
FROM meetings_historicalmeeting;

CREATE TEMP TABLE bench_meeting_child AS
SELECT nextval(pg_get_serial_sequence('meetings_meetingchild', 'id')) AS id, m.id AS meeting_id, m.child_id, m.n,
       m.sw, m.held_on, m.meeting_type
FROM bench_meeting m
UNION ALL
SELECT nextval(pg_get_serial_sequence('meetings_meetingchild', 'id')), g.meeting_id, g.child_id, g.n, g.sw, g.held_on,
       g.meeting_type
FROM bench_group_child g;
INSERT INTO meetings_historicalmeetingchild (id, outcome, history_date, history_change_reason, history_type,
    child_id, history_user_id, meeting_id, meeting_type, held_on)
SELECT mc.id, v.outcome, v.at, v.reason, v.kind, mc.child_id, mc.sw, mc.meeting_id, mc.meeting_type, mc.held_on
FROM bench_meeting_child mc
CROSS JOIN LATERAL (
    VALUES (mc.held_on + time '16:00', '', 'Child discussed', '+'),
           (mc.held_on + time '17:00', 'Progress noted; plan continues', 'Outcome for the child recorded', '~')
) v (at, outcome, reason, kind)
WHERE v.kind = '+' OR pg_temp.r(mc.id, 159) < 0.25;
SELECT pg_temp.derive('meetings_meetingchild');

INSERT INTO meetings_meeting_staff (meeting_id, user_id)
SELECT id, sw FROM bench_meeting UNION SELECT id, tm FROM bench_meeting
UNION SELECT id, sm FROM bench_group_meeting;
INSERT INTO meetings_meeting_network (meeting_id, networkperson_id)
SELECT m.id, np.id FROM bench_meeting m JOIN bench_np np ON np.n = m.n AND np.k = 1
WHERE m.meeting_type NOT IN ('strategy', 'legal_planning');

-- Actions agreed at a third of the meetings; most done since.
CREATE TEMP TABLE bench_meeting_action AS
SELECT nextval(pg_get_serial_sequence('meetings_meetingaction', 'id')) AS id, m.id AS meeting_id, m.child_id, m.n,
       m.sw, m.held_on, m.held_on + 14 AS due_on,
       CASE WHEN m.held_on + 14 < {{NOW}}::date - 30 AND pg_temp.r(hashtext(m.id::text), 161) < 0.85
            THEN m.held_on + pg_temp.ri(hashtext(m.id::text), 162, 3, 20) END AS done_on
FROM bench_meeting m WHERE pg_temp.r(hashtext(m.id::text), 163) < 0.33;
INSERT INTO meetings_historicalmeetingaction (id, description, due_on, done_on, history_date, history_change_reason,
    history_type, child_id, history_user_id, owner_id, meeting_id)
SELECT a.id, 'Book the next family time review and share the notes', a.due_on, v.done_on, v.at, v.reason, v.kind,
       a.child_id, a.sw, a.sw, a.meeting_id
FROM bench_meeting_action a
CROSS JOIN LATERAL (
    VALUES (a.held_on + time '16:30', NULL::date, 'Action agreed', '+'),
           (a.done_on + time '12:00', a.done_on, 'Action done', '~')
) v (at, done_on, reason, kind)
WHERE v.kind = '+' OR a.done_on IS NOT NULL;
SELECT pg_temp.derive('meetings_meetingaction');

-- step: court, care planning, family time, events
-- Children in proceedings (interim care order now) have hearings, the last one final (some
-- likely contested), and a care planning meeting before it; some have a care decision.
CREATE TEMP TABLE bench_hearing AS
SELECT nextval(pg_get_serial_sequence('meetings_courthearing', 'id')) AS id, c.n, c.id AS child_id, c.sw, c.sm,
       (p.start_date + h * 40 + pg_temp.ri(c.n, 171, 0, 30)) AS hearing_on, h = x.hearings AS is_final,
       h = x.hearings AND pg_temp.r(c.n, 172) < 0.3 AS contested
FROM bench_child c
JOIN bench_period_dates p ON p.n = c.n AND p.what = 'legal' AND p.i = p.m AND p.value = 'interim_care_order'
CROSS JOIN LATERAL (SELECT pg_temp.ri(c.n, 173, 2, 3) AS hearings) x
CROSS JOIN LATERAL generate_series(1, x.hearings) h;
INSERT INTO meetings_historicalcourthearing (id, hearing_on, is_final, likely_contested, note, history_date,
    history_change_reason, history_type, child_id, history_user_id, recorded_by_id)
SELECT id, hearing_on, is_final, contested, '', LEAST(hearing_on - 30, {{NOW}}::date - 1) + time '09:00',
       'Court hearing recorded', '+', child_id, sw, sw
FROM bench_hearing;
SELECT pg_temp.derive('meetings_courthearing');

INSERT INTO meetings_historicalmeeting (id, meeting_type, held_on, family_attended, no_family_reason, decisions,
    notes, history_date, history_change_reason, history_type, chair_id, history_user_id, recorded_by_id)
SELECT pg_temp.u('care-planning:' || h.n), 'care_planning', h.hearing_on - 28, true, '', 'Care plan agreed', '',
       (h.hearing_on - 28) + time '16:00', 'Meeting recorded', '+', h.sm, h.sw, h.sw
FROM bench_hearing h WHERE h.is_final AND h.hearing_on - 28 < {{NOW}}::date AND pg_temp.r(h.n, 174) < 0.7;
INSERT INTO meetings_meeting (id, meeting_type, held_on, family_attended, no_family_reason, decisions, notes,
    chair_id, recorded_by_id)
SELECT id, meeting_type, held_on, family_attended, no_family_reason, decisions, notes, chair_id, recorded_by_id
FROM meetings_historicalmeeting WHERE meeting_type = 'care_planning';
CREATE TEMP TABLE bench_care_planning AS
SELECT m.id AS meeting_id, h.n, h.child_id, h.sw, m.held_on,
       nextval(pg_get_serial_sequence('meetings_meetingchild', 'id')) AS mc_id
FROM bench_hearing h JOIN meetings_meeting m ON m.id = pg_temp.u('care-planning:' || h.n) WHERE h.is_final;
INSERT INTO meetings_historicalmeetingchild (id, outcome, history_date, history_change_reason, history_type,
    child_id, history_user_id, meeting_id, meeting_type, held_on)
SELECT mc_id, '', held_on + time '16:00', 'Child discussed', '+', child_id, sw, meeting_id, 'care_planning', held_on
FROM bench_care_planning;
INSERT INTO meetings_meetingchild (id, outcome, child_id, meeting_id, meeting_type, held_on)
SELECT mc_id, '', child_id, meeting_id, 'care_planning', held_on FROM bench_care_planning;
INSERT INTO meetings_historicalagendapoint (id, key, discussed, note, history_date, history_change_reason,
    history_type, history_user_id, meeting_id)
SELECT nextval(pg_get_serial_sequence('meetings_agendapoint', 'id')), a.key, true, '', cp.held_on + time '16:05',
       'Agenda point', '+', cp.sw, cp.meeting_id
FROM bench_care_planning cp CROSS JOIN bench_agenda_key a;
SELECT pg_temp.derive('meetings_agendapoint');
INSERT INTO meetings_caredecision (id, decision, recorded_at, child_id, decided_by_id, meeting_id)
SELECT nextval(pg_get_serial_sequence('meetings_caredecision', 'id')), 'Care order sought; placement with kinship carers',
       cp.held_on + time '16:30', cp.child_id, c.sm, cp.meeting_id
FROM bench_care_planning cp JOIN bench_child c ON c.n = cp.n
WHERE EXISTS (SELECT 1 FROM bench_meeting m WHERE m.n = cp.n AND m.meeting_type IN ('fgc', 'family_network'));
INSERT INTO meetings_historicalcaredecision (id, decision, recorded_at, history_date, history_change_reason,
    history_type, child_id, decided_by_id, history_user_id, meeting_id)
SELECT id, decision, recorded_at, recorded_at, 'Care decision recorded', '+', child_id, decided_by_id, decided_by_id,
       meeting_id
FROM meetings_caredecision;

-- Care planning criteria that apply to some children.
INSERT INTO meetings_historicalchildcriterion (id, noted_on, ended_on, history_date, history_change_reason,
    history_type, child_id, criterion_id, history_user_id, noted_by_id)
SELECT nextval(pg_get_serial_sequence('meetings_childcriterion', 'id')), (c.created + interval '20 days')::date, NULL,
       c.created + interval '20 days', 'Care planning criterion applies', '+', c.id,
       (SELECT cr.id FROM meetings_careplanningcriterion cr ORDER BY cr.id
        OFFSET (c.n % (SELECT count(*) FROM meetings_careplanningcriterion)) LIMIT 1), c.sw, c.sw
FROM bench_child c WHERE pg_temp.r(c.n, 175) < 0.1;
SELECT pg_temp.derive('meetings_childcriterion');

-- Family time for looked-after children: recent sessions with a parent, some overnight.
CREATE TEMP TABLE bench_family_time AS
SELECT nextval(pg_get_serial_sequence('meetings_familytimesession', 'id')) AS id, c.n, c.id AS child_id, c.sw, i,
       {{NOW}}::timestamptz - (i * 9 + pg_temp.ri(c.n * 10 + i, 176, 0, 5)) * interval '1 day' AS starts_at,
       CASE WHEN pg_temp.r(c.n * 10 + i, 177) < 0.15 THEN interval '26 hours' ELSE interval '2 hours' END AS length
FROM bench_child c CROSS JOIN LATERAL generate_series(1, pg_temp.ri(c.n, 178, 2, 5)) i
WHERE c.lac;
INSERT INTO meetings_historicalfamilytimesession (id, starts_at, ends_at, supervised, overnight, record_sheet,
    history_date, history_change_reason, history_type, child_id, history_user_id, recorded_by_id)
SELECT id, starts_at, starts_at + length, length < interval '3 hours', length > interval '3 hours',
       'Warm greeting; played together; settled at handover', starts_at + length + interval '1 hour',
       'Family time recorded', '+', child_id, sw, sw
FROM bench_family_time;
SELECT pg_temp.derive('meetings_familytimesession');
INSERT INTO meetings_familytimesession_with_whom (familytimesession_id, networkperson_id)
SELECT f.id, np.id FROM bench_family_time f JOIN bench_np np ON np.n = f.n AND np.k = 1;

-- The handbook's events: referral, first visit, assessment, family worker, conferences, calls,
-- permanence plans.
INSERT INTO meetings_historicalchildevent (id, kind, happened_at, safety_worries, note, history_date,
    history_change_reason, history_type, child_id, history_user_id, recorded_by_id)
SELECT nextval(pg_get_serial_sequence('meetings_childevent', 'id')), e.kind, e.at, e.worries, '',
       LEAST(e.at + interval '1 hour', {{NOW}}::timestamptz - interval '1 hour'),
       'Event recorded', '+', c.id, c.sw, c.sw
FROM bench_child c
CROSS JOIN LATERAL (
    VALUES ('referral', c.created, false, true),
           ('first_visit', c.created + pg_temp.ri(c.n, 181, 1, 9) * interval '1 day', false, pg_temp.r(c.n, 182) < 0.92),
           ('assessment_started', c.created + interval '8 days', pg_temp.r(c.n, 183) < 0.3, pg_temp.r(c.n, 184) < 0.4),
           ('allocated_family_worker', c.created + interval '3 days', false, c.area_of_work = 'early_help'),
           ('cp_conference_booked', {{NOW}}::timestamptz + pg_temp.ri(c.n, 185, -200, 20) * interval '1 day', false,
            c.area_of_work = 'child_protection'),
           ('reports_shared', {{NOW}}::timestamptz + (pg_temp.ri(c.n, 185, -200, 20) - 4) * interval '1 day', false,
            c.area_of_work = 'child_protection' AND pg_temp.r(c.n, 186) < 0.7),
           ('family_call', {{NOW}}::timestamptz - pg_temp.ri(c.n, 187, 1, 120) * interval '1 day', false, pg_temp.r(c.n, 188) < 0.35),
           ('call_returned', {{NOW}}::timestamptz - pg_temp.ri(c.n, 187, 1, 120) * interval '1 day' + interval '5 hours', false,
            pg_temp.r(c.n, 188) < 0.3),
           ('permanence_plan', c.created + interval '100 days', false, c.lac AND pg_temp.r(c.n, 189) < 0.6)
) e (kind, at, worries, applies)
WHERE e.applies AND (e.at < {{NOW}}::timestamptz OR e.kind = 'cp_conference_booked');
SELECT pg_temp.derive('meetings_childevent');

-- step: signs of safety
-- Mappings for about a third of children: 1-3, each a copy of the last (statements carried over
-- on the same thread), the latest sometimes still a draft; scores over time per statement.
CREATE TEMP TABLE bench_mapping AS
SELECT pg_temp.u('mapping:' || c.n || ':' || i) AS id, c.n, c.id AS child_id, c.sw, c.tm, i, m,
       (pg_temp.between_(c.created, {{NOW}}::timestamptz, i::float8 / (m + 1)))::date AS mapped_on,
       CASE WHEN c.lac THEN 'success' WHEN c.area_of_work = 'child_protection' THEN 'safety' ELSE 'wellbeing' END AS framework,
       CASE WHEN i = m AND pg_temp.r(c.n, 191) < 0.4 THEN 'draft' ELSE 'final' END AS status
FROM bench_child c
CROSS JOIN LATERAL (SELECT CASE WHEN c.n = 1 THEN {{LONG_MAPPINGS}} ELSE pg_temp.ri(c.n, 192, 1, 2) END AS m) x
CROSS JOIN LATERAL generate_series(1, x.m) i
WHERE c.n = 1 OR pg_temp.r(c.n, 193) < 0.33;
CREATE INDEX ON bench_mapping (n, status, i);
ANALYZE bench_mapping;
INSERT INTO meetings_historicalmapping (id, mapped_on, framework, harm, danger, complicating_factors,
    existing_strengths, existing_safety, goals, next_steps, status, finalised_at, history_date,
    history_change_reason, history_type, child_id, finalised_by_id, history_user_id, recorded_by_id, copied_from_id)
SELECT mp.id, mp.mapped_on, mp.framework, 'Past incidents described in the family''s words',
       'Worried that the child will be hurt if arguments at home start again', 'Housing is insecure',
       'Grandmother visits daily and the child trusts her', 'Mum calls the worker when things get hard',
       'Everyone agrees the child will be safe at home', 'Family network meeting next month',
       v.status, v.finalised_at, v.at, v.reason, v.kind, mp.child_id, v.finalised_by, mp.sw, mp.sw,
       CASE WHEN mp.i > 1 THEN pg_temp.u('mapping:' || mp.n || ':' || (mp.i - 1)) END
FROM bench_mapping mp
CROSS JOIN LATERAL (
    VALUES (mp.mapped_on + time '10:00', 'draft', NULL::timestamptz, NULL::bigint,
            CASE WHEN mp.i = 1 THEN 'Mapping started' ELSE 'Mapping started as a copy of the last one' END, '+'),
           (mp.mapped_on + time '12:00', 'draft', NULL, NULL, 'Mapping updated', '~'),
           (mp.mapped_on + time '15:00', 'final', mp.mapped_on + time '15:00', mp.tm, 'Mapping finalised', '~')
) v (at, status, finalised_at, finalised_by, reason, kind)
WHERE v.status = 'draft' OR mp.status = 'final';
SELECT pg_temp.derive('meetings_mapping');

CREATE TEMP TABLE bench_statement AS
SELECT nextval(pg_get_serial_sequence('meetings_statement', 'id')) AS id, mp.id AS mapping_id, mp.n, mp.sw, mp.i, s,
       mp.mapped_on, pg_temp.u('thread:' || mp.n || ':' || s) AS thread
FROM bench_mapping mp CROSS JOIN generate_series(1, pg_temp.ri(mp.n, 194, 2, 3)) s;
INSERT INTO meetings_historicalstatement (id, thread, worry, goal, zero_means, ten_means, history_date,
    history_change_reason, history_type, history_user_id, mapping_id)
SELECT id, thread,
       (ARRAY['Worried the child will be hurt when the adults argue','Worried school is missed when mum is unwell',
              'Worried the child is left alone in the evening'])[s],
       (ARRAY['The child is safe and calm at home whatever happens between the adults',
              'The child is at school every day with the family''s help', 'An adult the child trusts is always with them'])[s],
       'Too dangerous for the child to live at home', 'Everyone is confident the child is safe at home',
       mapped_on + time '11:00' + s * interval '1 minute',
       CASE WHEN i = 1 THEN 'Statement recorded' ELSE 'Statement carried over' END, '+', sw, mapping_id
FROM bench_statement;
SELECT pg_temp.derive('meetings_statement');
INSERT INTO meetings_historicalscore (id, scored_on, score, by_child, context, history_date, history_change_reason,
    history_type, by_person_id, by_user_id, history_user_id, recorded_by_id, statement_id)
SELECT nextval(pg_get_serial_sequence('meetings_score', 'id')), st.mapped_on + w * 9,
       LEAST(10, GREATEST(0, 3 + st.i + w + pg_temp.ri(st.id * 10 + w, 195, -2, 2))),
       w = 2, 'Mapping meeting', (st.mapped_on + w * 9) + time '14:00', 'Scaling score recorded', '+',
       CASE WHEN w = 3 THEN np.id END, CASE WHEN w = 1 THEN st.sw END, st.sw, st.sw, st.id
FROM bench_statement st
JOIN bench_np np ON np.n = st.n AND np.k = 1
CROSS JOIN generate_series(1, 3) w
WHERE st.mapped_on + w * 9 < {{NOW}}::date;
SELECT pg_temp.derive('meetings_score');

-- Safety plans (about half the children with a finalised mapping), rules addressing each
-- statement, kept by network members, reviewed.
CREATE TEMP TABLE bench_plan AS
SELECT nextval(pg_get_serial_sequence('meetings_safetyplan', 'id')) AS id, mp.n, mp.child_id, mp.sw, mp.id AS mapping_id,
       mp.mapped_on + 7 AS agreed_on
FROM bench_mapping mp
WHERE mp.status = 'final' AND mp.i = (SELECT max(x.i) FROM bench_mapping x WHERE x.n = mp.n AND x.status = 'final')
  AND pg_temp.r(mp.n, 196) < 0.5 AND mp.mapped_on + 7 < {{NOW}}::date;
INSERT INTO meetings_historicalsafetyplan (id, title, agreed_on, closure_timeline, history_date,
    history_change_reason, history_type, child_id, history_user_id, recorded_by_id)
SELECT id, 'Safety plan', agreed_on, 'Weekly network meetings for three months, then monthly until closure',
       agreed_on + time '15:00', 'Safety plan agreed', '+', child_id, sw, sw
FROM bench_plan;
SELECT pg_temp.derive('meetings_safetyplan');
CREATE TEMP TABLE bench_rule AS
SELECT nextval(pg_get_serial_sequence('meetings_planrule', 'id')) AS id, p.id AS plan_id, p.n, p.sw, p.agreed_on,
       st.id AS statement_id
FROM bench_plan p JOIN bench_statement st ON st.mapping_id = p.mapping_id;
INSERT INTO meetings_historicalplanrule (id, rule, history_date, history_change_reason, history_type,
    history_user_id, plan_id)
SELECT id, 'If the adults argue, grandmother takes the child to hers straight away', agreed_on + time '15:10',
       'Plan rule agreed', '+', sw, plan_id
FROM bench_rule;
SELECT pg_temp.derive('meetings_planrule');
INSERT INTO meetings_planrule_addresses (planrule_id, statement_id) SELECT id, statement_id FROM bench_rule;
INSERT INTO meetings_planrule_kept_by (planrule_id, networkperson_id)
SELECT r.id, np.id FROM bench_rule r JOIN bench_np np ON np.n = r.n AND np.k = 1;
INSERT INTO meetings_historicalplanreview (id, reviewed_on, note, history_date, history_change_reason, history_type,
    history_user_id, recorded_by_id, plan_id)
SELECT nextval(pg_get_serial_sequence('meetings_planreview', 'id')), p.agreed_on + 30 * i, 'Rules kept; no incidents',
       (p.agreed_on + 30 * i) + time '15:00', 'Safety plan reviewed', '+', p.sw, p.sw, p.id
FROM bench_plan p CROSS JOIN generate_series(1, 2) i WHERE p.agreed_on + 30 * i < {{NOW}}::date;
SELECT pg_temp.derive('meetings_planreview');

-- Next steps from each mapping (owner: the social worker), done or waiting.
CREATE TEMP TABLE bench_next_step AS
SELECT nextval(pg_get_serial_sequence('meetings_nextstep', 'id')) AS id, mp.n, mp.child_id, mp.sw, mp.id AS mapping_id,
       mp.mapped_on, mp.mapped_on + 10 * s AS due_on,
       CASE WHEN mp.mapped_on + 10 * s < {{NOW}}::date - 20 AND pg_temp.r(mp.n * 10 + s, 197) < 0.85
            THEN mp.mapped_on + 10 * s - 2 END AS done_on
FROM bench_mapping mp CROSS JOIN generate_series(1, 2) s;
INSERT INTO meetings_historicalnextstep (id, description, due_on, done_on, history_date, history_change_reason,
    history_type, child_id, history_user_id, owner_id, mapping_id)
SELECT ns.id, 'Arrange the family network meeting', ns.due_on, v.done_on, v.at, v.reason, v.kind, ns.child_id,
       ns.sw, ns.sw, ns.mapping_id
FROM bench_next_step ns
CROSS JOIN LATERAL (
    VALUES (ns.mapped_on + time '15:30', NULL::date, 'Next step agreed', '+'),
           (ns.done_on + time '12:00', ns.done_on, 'Next step done', '~')
) v (at, done_on, reason, kind)
WHERE v.kind = '+' OR ns.done_on IS NOT NULL;
SELECT pg_temp.derive('meetings_nextstep');

INSERT INTO meetings_historicalwordingchoice (id, framework, safeguarding_concerns, reason, chosen_at, history_date,
    history_change_reason, history_type, child_id, chosen_by_id, history_user_id)
SELECT nextval(pg_get_serial_sequence('meetings_wordingchoice', 'id')), 'safety', true,
       'Safeguarding concerns: the plan uses Signs of Safety', c.created + interval '30 days',
       c.created + interval '30 days', 'Framework chosen', '+', c.id, c.tm, c.tm
FROM bench_child c WHERE pg_temp.r(c.n, 198) < 0.05;
SELECT pg_temp.derive('meetings_wordingchoice');
