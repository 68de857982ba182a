package org.aiworklist.routes.api;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.aiworklist.routes.persistence.JobRecord;
import org.aiworklist.routes.persistence.StudyRecord;
import org.hibernate.Session;
import org.hibernate.query.SelectionQuery;

/**
 * One page of the worklist: a row per job, and a row for each study that has none (still receiving, discarded, or
 * matched by no rule), filtered, sorted and paged in the database so the list stays fast with many thousand jobs.
 * Built from the request's parameters, each checked: a bad one is a 400 naming it.
 */
final class WorklistQuery {
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 200;
    /** Sort keys the page offers, and what each orders by. */
    private static final Map<String, String> SORTS = Map.ofEntries(
            Map.entry("received", "s.firstReceivedAt"),
            Map.entry("patient", "s.patientName"),
            Map.entry("patientId", "s.patientId"),
            Map.entry("accession", "s.accessionNumber"),
            Map.entry("modality", "s.modalitiesInStudy"),
            Map.entry("description", "s.studyDescription"),
            Map.entry("rule", "j.ruleName"),
            Map.entry("model", "j.modelId"),
            Map.entry("state", "j.state"),
            Map.entry("findings", "j.findingCount"),
            Map.entry("done", "j.doneAt"));

    private final List<String> conditions = new ArrayList<>();
    private final Map<String, Object> parameters = new LinkedHashMap<>();
    private final String order;
    private final int offset;
    private final int limit;

    /** Request parameters: state, model, from, to (ISO instants), q (text), sort, dir, offset, limit. */
    WorklistQuery(Map<String, String> request) {
        String state = request.get("state");
        if (state != null && !state.isEmpty()) {
            filterState(state);
        }
        String model = request.get("model");
        if (model != null && !model.isEmpty()) {
            conditions.add("j.modelId = :model");
            parameters.put("model", model);
        }
        instant(request, "from").ifPresent(from -> {
            conditions.add("s.firstReceivedAt >= :from");
            parameters.put("from", from);
        });
        instant(request, "to").ifPresent(to -> {
            conditions.add("s.firstReceivedAt < :to");
            parameters.put("to", to);
        });
        String text = request.get("q");
        if (text != null && !text.isBlank()) {
            conditions.add(
                    "(lower(s.patientName) like :q escape '!' or lower(s.patientId) like :q escape '!'"
                            + " or lower(s.accessionNumber) like :q escape '!' or lower(s.studyDescription) like :q escape '!')");
            parameters.put("q", "%" + likeEscaped(text.strip().toLowerCase(Locale.ROOT)) + "%");
        }
        String sort = request.getOrDefault("sort", "received");
        String column = SORTS.get(sort);
        if (column == null) {
            throw new ApiRefusal(
                    400,
                    "sort must be one of "
                            + String.join(", ", SORTS.keySet().stream().sorted().toList()));
        }
        String dir = request.getOrDefault("dir", "desc");
        if (!dir.equals("asc") && !dir.equals("desc")) {
            throw new ApiRefusal(400, "dir must be asc or desc");
        }
        // a total order, so that pages neither repeat nor skip rows
        this.order = column + " " + dir + " nulls last, s.studyInstanceUid, j.id";
        this.offset = number(request, "offset", 0, 0, Integer.MAX_VALUE);
        this.limit = number(request, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
    }

    /** The page: total rows matching, and this page's rows. */
    Map<String, Object> run(Session session) {
        String from = " from StudyRecord s left join JobRecord j on j.studyInstanceUid = s.studyInstanceUid"
                + (conditions.isEmpty() ? "" : " where " + String.join(" and ", conditions));
        SelectionQuery<Long> count = session.createSelectionQuery("select count(*)" + from, Long.class);
        SelectionQuery<Object[]> rows =
                session.createSelectionQuery("select s, j" + from + " order by " + order, Object[].class);
        parameters.forEach((name, value) -> {
            count.setParameter(name, value);
            rows.setParameter(name, value);
        });
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("total", count.getSingleResult());
        page.put("offset", offset);
        page.put("limit", limit);
        page.put(
                "rows",
                rows.setFirstResult(offset).setMaxResults(limit).getResultList().stream()
                        .map(r -> row((StudyRecord) r[0], (JobRecord) r[1]))
                        .toList());
        return page;
    }

    /** A job state, or a study state for studies without a job. */
    private void filterState(String state) {
        Optional<JobRecord.State> job = Arrays.stream(JobRecord.State.values())
                .filter(s -> s.name().equals(state))
                .findFirst();
        Optional<StudyRecord.State> study = Arrays.stream(StudyRecord.State.values())
                .filter(s -> s.name().equals(state))
                .findFirst();
        if (job.isPresent()) {
            conditions.add("j.state = :state");
            parameters.put("state", job.get());
        } else if (study.isPresent()) {
            conditions.add("j.id is null and s.state = :state");
            parameters.put("state", study.get());
        } else {
            throw new ApiRefusal(400, "state must be a job state or RECEIVING, COMPLETE or DISCARDED");
        }
    }

    static Map<String, Object> row(StudyRecord s, JobRecord j) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("jobId", j == null ? null : j.id);
        row.put("studyInstanceUid", s.studyInstanceUid);
        row.put("receivedAt", s.firstReceivedAt);
        row.put("lastReceivedAt", s.lastReceivedAt);
        row.put("patientName", s.patientName);
        row.put("patientId", s.patientId);
        row.put("accessionNumber", s.accessionNumber);
        row.put("modalities", s.modalitiesInStudy);
        row.put("studyDescription", s.studyDescription);
        row.put("instanceCount", s.instanceCount);
        row.put("studyState", s.state.name());
        row.put("completedAt", s.completedAt);
        row.put("state", j == null ? s.state.name() : j.state.name());
        if (j != null) {
            row.put("ruleName", j.ruleName);
            row.put("modelId", j.modelId);
            row.put("modelVersion", j.modelVersion);
            row.put("version", j.version);
            row.put("findingCount", j.findingCount);
            row.put("createdAt", j.createdAt);
            row.put("inferenceStartedAt", j.inferenceStartedAt);
            row.put("resultsReadyAt", j.resultsReadyAt);
            row.put("sendingAt", j.sendingAt);
            row.put("doneAt", j.doneAt);
            row.put("turnaroundSeconds", turnaroundSeconds(s, j));
            row.put("error", j.error);
        }
        return row;
    }

    /** Last image received to results at every destination; null until then, or when images came in after. */
    static Double turnaroundSeconds(StudyRecord s, JobRecord j) {
        if (j.doneAt == null || s.lastReceivedAt == null || j.doneAt.isBefore(s.lastReceivedAt)) {
            return null;
        }
        return Duration.between(s.lastReceivedAt, j.doneAt).toMillis() / 1000.0;
    }

    private static Optional<Instant> instant(Map<String, String> request, String name) {
        String value = request.get(name);
        if (value == null || value.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(value));
        } catch (DateTimeParseException e) {
            throw new ApiRefusal(400, name + " must be an ISO-8601 instant such as 2026-12-01T00:00:00Z");
        }
    }

    static int number(Map<String, String> request, String name, int absent, int min, int max) {
        String value = request.get(name);
        if (value == null || value.isEmpty()) {
            return absent;
        }
        try {
            int n = Integer.parseInt(value);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new ApiRefusal(400, name + " must be a whole number from " + min + " to " + max);
    }

    /** The text as a LIKE pattern matching it literally ('!' escapes). */
    private static String likeEscaped(String text) {
        return text.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }
}
