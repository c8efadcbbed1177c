-- The floor for each measured page: everything the page shows, as one hand-written SQL query.
-- measure.py runs each with the same user and child as the page; {{TIMELINE_*}} parts are made
-- from the timeline's registered sources (floors.py), so the child page's floor covers them all.

-- floor: dashboard
-- For a viewer who sees every area, as dd1 does (so nothing narrows the children): the page's
-- counts of children, each trend month's moves (from the stage each history row keeps), and the
-- teams to filter by.
WITH stages AS (
    SELECT state, count(DISTINCT child_id) AS n FROM pathways_pathwayepisode
    WHERE state IN ('stage_1', 'stage_1_byf', 'stage_2', 'stage_2_final_60_days', 'stage_3', 'closure')
    GROUP BY state
), steps AS (
    SELECT state, count(DISTINCT child_id) AS n FROM reunification_reunificationepisode
    WHERE state NOT IN ('closed', 'not_pursued', 'alternative_permanence', 'exited')
    GROUP BY state
), overdue AS (
    SELECT kind, count(DISTINCT child_id) AS n FROM caseflow_deadline WHERE status = 'overdue' GROUP BY kind
), awaiting AS (
    SELECT count(DISTINCT e.child_id) AS n FROM pathways_pathwayepisode e
    WHERE (e.state = 'stage_2_final_60_days' AND NOT EXISTS (
              SELECT 1 FROM pathways_episodeagreement a WHERE a.episode_id = e.id AND a.kind = 'dd_return_home'
              AND a.outcome = 'agreed' AND NOT EXISTS (SELECT 1 FROM pathways_episodeagreement b WHERE b.supersedes_id = a.id)))
       OR (e.state = 'stage_3' AND e.unplanned_return AND NOT EXISTS (
              SELECT 1 FROM pathways_episodeagreement a WHERE a.episode_id = e.id AND a.kind = 'dd_return_home'
              AND NOT EXISTS (SELECT 1 FROM pathways_episodeagreement b WHERE b.supersedes_id = a.id)))
), risk AS (
    SELECT latest.level, count(DISTINCT e.child_id) AS n
    FROM reunification_reunificationepisode e
    LEFT JOIN LATERAL (
        SELECT rc.level FROM reunification_riskclassification rc
        WHERE rc.episode_id = e.id AND NOT EXISTS (SELECT 1 FROM reunification_riskclassification x WHERE x.supersedes_id = rc.id)
        ORDER BY rc.classified_on DESC, rc.recorded_at DESC LIMIT 1
    ) latest ON true
    WHERE e.state NOT IN ('closed', 'not_pursued', 'alternative_permanence', 'exited')
    GROUP BY latest.level
), trend AS (
    SELECT date_trunc('month', history_date AT TIME ZONE 'Europe/London') AS month,
           count(DISTINCT child_id) FILTER (WHERE history_type = '+') AS entries,
           count(DISTINCT child_id) FILTER (WHERE state = 'stage_3' AND previous_state <> 'stage_3') AS returns_home,
           count(DISTINCT child_id) FILTER (WHERE state IN ('closed', 'exited')
                                            AND previous_state NOT IN ('closed', 'exited')) AS exits
    FROM pathways_historicalpathwayepisode
    WHERE history_date >= %(trend_from)s AND history_date < %(trend_until)s
    GROUP BY 1
)
SELECT json_build_object(
    'stages', (SELECT json_object_agg(state, n) FROM stages),
    'steps', (SELECT json_object_agg(state, n) FROM steps),
    'overdue', (SELECT json_object_agg(kind, n) FROM overdue),
    'awaiting', (SELECT n FROM awaiting),
    'risk', (SELECT json_object_agg(COALESCE(level, 'none'), n) FROM risk),
    'trend', (SELECT json_agg(trend ORDER BY month) FROM trend),
    'teams', (SELECT json_agg(json_build_array(t.id, t.name) ORDER BY t.name) FROM caseflow_team t
              WHERE EXISTS (SELECT 1 FROM caseflow_child c WHERE c.team_id = t.id))
);

-- floor: children list
-- For a viewer who sees every child (dd1): those whose current legal status is the one chosen, one
-- page of them by name with team, worker and placement, their number, and the filters' options.
WITH matching AS (
    SELECT child_id AS id FROM caseflow_legalstatusperiod WHERE end_date IS NULL AND status = %(legal_status)s
), page AS (
    SELECT c.id, c.given_names, c.family_name, c.known_as, c.date_of_birth, c.local_reference, t.name AS team,
           w.first_name || ' ' || w.last_name AS worker, p.placement_type
    FROM caseflow_child c
    JOIN matching m ON m.id = c.id
    JOIN caseflow_team t ON t.id = c.team_id
    LEFT JOIN caseflow_user w ON w.id = c.allocated_worker_id
    LEFT JOIN caseflow_placementperiod p ON p.child_id = c.id AND p.end_date IS NULL
    ORDER BY c.family_name, c.given_names, c.id
    LIMIT 25 OFFSET %(offset)s
)
SELECT json_build_object(
    'total', (SELECT count(*) FROM matching),
    'rows', (SELECT json_agg(page) FROM page),
    'teams', (SELECT json_agg(json_build_array(t.id, t.name) ORDER BY t.name) FROM caseflow_team t
              WHERE EXISTS (SELECT 1 FROM caseflow_child c WHERE c.team_id = t.id)),
    'workers', (SELECT json_agg(json_build_array(w.id, w.first_name, w.last_name) ORDER BY w.last_name, w.first_name, w.username)
                FROM caseflow_user w WHERE EXISTS (SELECT 1 FROM caseflow_child c WHERE c.allocated_worker_id = w.id))
);

-- floor: child page
WITH child AS (
    SELECT c.*, t.name AS team, w.first_name || ' ' || w.last_name AS worker,
           (SELECT l.status FROM caseflow_legalstatusperiod l WHERE l.child_id = c.id AND l.end_date IS NULL) AS legal_status,
           (SELECT p.placement_type FROM caseflow_placementperiod p WHERE p.child_id = c.id AND p.end_date IS NULL) AS placement
    FROM caseflow_child c JOIN caseflow_team t ON t.id = c.team_id LEFT JOIN caseflow_user w ON w.id = c.allocated_worker_id
    WHERE c.id = %(child)s
), keys AS (
    {{TIMELINE_KEYS}}
    ORDER BY history_date DESC, history_id DESC LIMIT 11
), entries AS (
    SELECT k.*, {{TIMELINE_ROW}} AS row, {{TIMELINE_PREVIOUS}} AS previous
    FROM keys k
    {{TIMELINE_JOINS}}
), pathway AS (
    SELECT e.*, (SELECT json_agg(a) FROM pathways_pathwayaction a WHERE a.episode_id = e.id) AS actions
    FROM pathways_pathwayepisode e WHERE e.child_id = %(child)s
), reunification AS (
    SELECT e.*,
           (SELECT json_agg(rc ORDER BY rc.classified_on) FROM reunification_riskclassification rc WHERE rc.episode_id = e.id) AS risk,
           (SELECT json_agg(d ORDER BY d.decided_on) FROM reunification_reunificationdecision d WHERE d.episode_id = e.id AND d.risk_level <> '') AS confirmed
    FROM reunification_reunificationepisode e WHERE e.child_id = %(child)s
), scores AS (
    SELECT st.thread, st.worry, sc.scored_on, sc.score, sc.by_child, sc.by_user_id, sc.by_person_id
    FROM meetings_statement st JOIN meetings_mapping m ON m.id = st.mapping_id
    JOIN meetings_score sc ON sc.statement_id = st.id WHERE m.child_id = %(child)s
)
SELECT json_build_object(
    'child', (SELECT row_to_json(child) FROM child),
    'network', (SELECT json_agg(n ORDER BY n.name) FROM caseflow_networkperson n WHERE n.child_id = %(child)s),
    'legal', (SELECT json_agg(l ORDER BY l.start_date DESC) FROM caseflow_legalstatusperiod l WHERE l.child_id = %(child)s),
    'placements', (SELECT json_agg(p ORDER BY p.start_date DESC) FROM caseflow_placementperiod p WHERE p.child_id = %(child)s),
    'timeline', (SELECT json_agg(entries ORDER BY history_date DESC) FROM entries),
    'pathway', (SELECT json_agg(pathway) FROM pathway),
    'reunification', (SELECT json_agg(reunification) FROM reunification),
    'scores', (SELECT json_agg(scores) FROM scores),
    'deadlines', (SELECT json_agg(d ORDER BY d.status <> 'overdue', d.due_at) FROM caseflow_deadline d
                  WHERE d.child_id = %(child)s AND d.status <> 'cancelled')
);

-- floor: my work
WITH me AS (SELECT * FROM caseflow_user WHERE id = %(user)s),
my_teams AS (SELECT team_id FROM caseflow_user_teams WHERE user_id = %(user)s),
visible AS (
    SELECT c.* FROM caseflow_child c WHERE c.team_id IN (SELECT team_id FROM my_teams) OR c.allocated_worker_id = %(user)s
), mine AS (
    SELECT c.id, c.given_names, c.family_name, c.date_of_birth,
           (SELECT l.status FROM caseflow_legalstatusperiod l WHERE l.child_id = c.id AND l.end_date IS NULL) AS legal_status
    FROM visible c WHERE c.allocated_worker_id = %(user)s ORDER BY c.family_name, c.given_names LIMIT 50
), my_deadlines AS (
    SELECT d.*, c.given_names, c.family_name FROM caseflow_deadline d JOIN visible c ON c.id = d.child_id
    WHERE c.allocated_worker_id = %(user)s AND d.status IN ('open', 'overdue') AND d.due_at <= %(now)s + interval '14 days'
    ORDER BY d.status <> 'overdue', d.due_at LIMIT 50
), team_overdue AS (
    SELECT d.*, c.given_names, c.family_name FROM caseflow_deadline d JOIN visible c ON c.id = d.child_id
    WHERE (SELECT role FROM me) = 'team_manager' AND c.team_id IN (SELECT team_id FROM my_teams) AND d.status = 'overdue'
    ORDER BY d.due_at LIMIT 100
), requests_to_decide AS (
    SELECT r.*, c.given_names, c.family_name FROM pathways_transitionrequest r
    JOIN pathways_pathwayepisode e ON e.id = r.episode_id JOIN visible c ON c.id = e.child_id
    WHERE (SELECT role FROM me) = 'team_manager' AND r.status = 'pending' AND c.team_id IN (SELECT team_id FROM my_teams)
      AND r.requested_by_id IS DISTINCT FROM %(user)s
    ORDER BY r.requested_at
), unplanned AS (
    SELECT e.*, c.given_names, c.family_name FROM pathways_pathwayepisode e JOIN visible c ON c.id = e.child_id
    WHERE (SELECT role FROM me) = 'team_manager' AND e.state = 'stage_3' AND e.unplanned_return
      AND c.team_id IN (SELECT team_id FROM my_teams)
      AND NOT EXISTS (SELECT 1 FROM pathways_episodeagreement a WHERE a.episode_id = e.id AND a.kind = 'tm_unplanned_return'
                      AND NOT EXISTS (SELECT 1 FROM pathways_episodeagreement b WHERE b.supersedes_id = a.id))
), decisions AS (
    SELECT e.*, c.given_names, c.family_name FROM reunification_reunificationepisode e JOIN visible c ON c.id = e.child_id
    WHERE (SELECT role FROM me) = 'team_manager' AND e.state = 'decision_1' AND c.team_id IN (SELECT team_id FROM my_teams)
), my_requests AS (
    SELECT r.*, c.given_names, c.family_name FROM pathways_transitionrequest r
    JOIN pathways_pathwayepisode e ON e.id = r.episode_id JOIN visible c ON c.id = e.child_id
    WHERE (SELECT role FROM me) IN ('social_worker', 'advanced_practitioner') AND r.requested_by_id = %(user)s
      AND (r.status = 'pending' OR r.decided_at >= %(now)s - interval '14 days')
    ORDER BY r.requested_at DESC
), next_steps AS (
    SELECT s.*, c.given_names, c.family_name FROM meetings_nextstep s JOIN caseflow_child c ON c.id = s.child_id
    WHERE s.owner_id = %(user)s AND s.done_on IS NULL ORDER BY s.due_on LIMIT 50
), actions AS (
    SELECT a.*, m.meeting_type, m.held_on FROM meetings_meetingaction a JOIN meetings_meeting m ON m.id = a.meeting_id
    WHERE a.owner_id = %(user)s AND a.done_on IS NULL ORDER BY a.due_on LIMIT 50
)
SELECT json_build_object(
    'children', (SELECT json_agg(mine) FROM mine),
    'deadlines', (SELECT json_agg(my_deadlines) FROM my_deadlines),
    'team_overdue', (SELECT json_agg(team_overdue) FROM team_overdue),
    'requests_to_decide', (SELECT json_agg(requests_to_decide) FROM requests_to_decide),
    'unplanned', (SELECT json_agg(unplanned) FROM unplanned),
    'decisions', (SELECT json_agg(decisions) FROM decisions),
    'my_requests', (SELECT json_agg(my_requests) FROM my_requests),
    'next_steps', (SELECT json_agg(next_steps) FROM next_steps),
    'actions', (SELECT json_agg(actions) FROM actions),
    'unread', (SELECT count(*) FROM caseflow_notification n WHERE n.recipient_id = %(user)s AND n.read_at IS NULL)
);
