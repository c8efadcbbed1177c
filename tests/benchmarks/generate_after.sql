-- After the app's rules have made the deadlines: what time would have done to them, the outbox
-- those changes filled, and the access log of children's records being opened.

-- step: deadlines of ended pathways, waivers and a day of new clocks
-- Ended pathways had their stage 1 deadlines too: met when the action was done, or no longer
-- applying once the pathway ended.
INSERT INTO caseflow_deadline (kind, episode_id, clock_key, starts_at, due_at, status, met_on, met_by, waived_reason,
    created_at, changed_at, child_id)
SELECT d.kind, e.id, e.id::text, e.activated_at, e.activated_at + d.period,
       CASE WHEN a.done_on IS NOT NULL THEN 'met' ELSE 'cancelled' END, a.done_on,
       CASE WHEN a.done_on IS NOT NULL THEN d.met_by ELSE '' END, '', e.activated_at, COALESCE(e.ended_on::timestamptz, e.activated_at),
       e.child_id
FROM pathways_pathwayepisode e
CROSS JOIN (VALUES ('pathway_placement_planning', interval '72 hours', 'placement_planning_meeting', 'Placement planning meeting recorded'),
                   ('pathway_cwcf_plan_review', interval '28 days', 'cwcf_plan_review', '''Children we care for'' plan review recorded'),
                   ('pathway_build_strengths', interval '60 days', 'strengths_fgc', 'Building strengths considered'))
    d (kind, period, action, met_by)
LEFT JOIN pathways_pathwayaction a ON a.episode_id = e.id AND a.key = d.action AND a.status = 'done'
WHERE e.state IN ('closed', 'exited')
ON CONFLICT DO NOTHING;

-- A few live deadlines waived by the team manager, saying why.
UPDATE caseflow_deadline d SET status = 'waived', waived_reason = 'Does not apply: the family moved out of the area for a month',
       waived_by_id = {{TB}} + 16 * (c.team_id - 1), waived_at = LEAST(d.due_at, {{NOW}}::timestamptz - interval '1 hour')
FROM caseflow_child c
WHERE c.id = d.child_id AND d.status IN ('open', 'overdue') AND pg_temp.r(d.id, 201) < 0.03;

-- Clocks that started in the last day have no deadline yet: the measured scan finds them, as a
-- scan after a day without one would. (Clocks counted back from a future date, a hearing or a
-- planned return, keep theirs.)
DELETE FROM caseflow_deadline
WHERE starts_at >= {{FRESH_SINCE}}::timestamptz AND starts_at <= {{NOW}}::timestamptz AND status IN ('open', 'overdue');

-- step: notifications and the access log
-- The outbox: the allocated worker told of each deadline (most read), and of overdue ones; team
-- managers told of each request waiting for them.
INSERT INTO caseflow_notification (dedupe_key, subject, body, url, created_at, read_at, emailed_at, email_attempts,
    last_error, recipient_id)
SELECT 'deadline:' || d.id || ':' || v.change, c.given_names || ' ' || c.family_name || ': ' || replace(d.kind, '_', ' ') || v.words,
       '', '/children/' || c.id || '/', v.at,
       CASE WHEN v.at < {{NOW}}::timestamptz - interval '7 days' AND pg_temp.r(d.id, 211) < 0.8 THEN v.at + interval '1 day' END,
       v.at + interval '1 minute', 1, '', c.allocated_worker_id
FROM caseflow_deadline d
JOIN caseflow_child c ON c.id = d.child_id
CROSS JOIN LATERAL (
    VALUES ('created', ' is due', LEAST(d.created_at, d.starts_at + interval '1 hour'), pg_temp.r(d.id, 212) < 0.5),
           ('overdue', ' is overdue', d.due_at + interval '15 minutes', d.status = 'overdue')
) v (change, words, at, applies)
WHERE v.applies AND c.allocated_worker_id IS NOT NULL AND v.at < {{NOW}}::timestamptz;

INSERT INTO caseflow_notification (dedupe_key, subject, body, url, created_at, read_at, emailed_at, email_attempts,
    last_error, recipient_id)
SELECT 'request:' || r.id, c.given_names || ' ' || c.family_name || ': a stage change waits for your decision', '',
       '/pathways/requests/' || r.id || '/', r.requested_at, NULL, r.requested_at + interval '1 minute', 1, '', t.user_id
FROM pathways_transitionrequest r
JOIN pathways_pathwayepisode e ON e.id = r.episode_id
JOIN caseflow_child c ON c.id = e.child_id
JOIN caseflow_user_teams t ON t.team_id = c.team_id
JOIN caseflow_user u ON u.id = t.user_id AND u.role = 'team_manager'
WHERE r.status = 'pending';

-- Each child's record opened now and then by their social worker.
INSERT INTO caseflow_childaccesslog (opened_at, ip_address, path, child_id, user_id)
SELECT {{NOW}}::timestamptz - pg_temp.r(c.n * 10 + i, 221) * ({{NOW}}::timestamptz - c.created_at), pg_temp.ip(c.n),
       '/children/' || c.id || '/', c.id, c.allocated_worker_id
FROM (SELECT ch.*, row_number() OVER (ORDER BY ch.local_reference) AS n FROM caseflow_child ch) c
CROSS JOIN generate_series(1, 3) i
WHERE c.allocated_worker_id IS NOT NULL;
