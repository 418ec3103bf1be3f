package dev.gameday.report.html;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gameday.report.html.ReportData.FaultView;
import dev.gameday.report.html.ReportData.NemesisRow;
import dev.gameday.report.html.ReportData.StopView;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Fault windows and the nemesis timeline. When a fault began and ended comes from nemesis.log, which the nemesis
 * wrote as it acted, on the history's clock; what it was and where comes from results.json's faults. A run without
 * nemesis.log falls back to results.json's {@code startedAt}/{@code healedAt}.
 */
public final class FaultTimeline {
    private final List<FaultView> faults;
    private final List<NemesisRow> rows;
    private final List<StopView> stops;

    private FaultTimeline(List<FaultView> faults, List<NemesisRow> rows, List<StopView> stops) {
        this.faults = faults;
        this.rows = rows;
        this.stops = stops;
    }

    /**
     * @param resultsFaults results.json's {@code faults} array (missing node: none known)
     * @param runEnd where a fault that was never healed is drawn to
     */
    public static FaultTimeline of(List<NemesisLogEvents.Event> events, JsonNode resultsFaults, double runEnd) {
        Map<Integer, JsonNode> described = new LinkedHashMap<>();
        for (JsonNode f : resultsFaults) {
            described.put(f.path("id").asInt(), f);
        }
        Map<Integer, Double> starts = new TreeMap<>();
        Map<Integer, Double> ends = new TreeMap<>();
        Map<Integer, String> logText = new TreeMap<>();
        List<StopView> stops = new ArrayList<>();
        for (NemesisLogEvents.Event e : events) {
            if (e.faultId() == null) {
                if (e.kind().equals("ABORT")) {
                    stops.add(new StopView(e.at(), e.text()));
                }
            } else if (e.kind().equals("END")) {
                ends.putIfAbsent(e.faultId(), e.at());
            } else {
                // START, or FAILED before any START: a fault counts as possibly active from the attempt on.
                starts.putIfAbsent(e.faultId(), e.at());
                logText.putIfAbsent(e.faultId(), e.text());
            }
        }
        if (events.isEmpty()) {
            described.forEach((id, f) -> {
                if (f.hasNonNull("startedAt")) {
                    starts.put(id, f.get("startedAt").asDouble());
                }
                if (f.hasNonNull("healedAt")) {
                    ends.put(id, f.get("healedAt").asDouble());
                }
            });
        }
        List<FaultView> faults = new ArrayList<>();
        Map<String, List<Integer>> rowFaults = new LinkedHashMap<>();
        for (Map.Entry<Integer, Double> start : starts.entrySet()) {
            int id = start.getKey();
            JsonNode f = described.get(id);
            String type = f == null
                    ? typeFromLogText(logText.get(id))
                    : f.path("type").asText();
            String what =
                    f == null ? logText.getOrDefault(id, "") : f.path("what").asText(type);
            String target = f == null ? "" : f.path("target").asText("");
            List<String> nodes = f == null ? List.of() : texts(f.path("nodes"));
            List<String> rows = rowsOf(type, what, target, nodes);
            rows.forEach(row ->
                    rowFaults.computeIfAbsent(row, r -> new ArrayList<>()).add(id));
            Double end = ends.get(id);
            faults.add(new FaultView(
                    id,
                    type,
                    what,
                    target,
                    nodes,
                    start.getValue(),
                    end != null ? end : Math.max(runEnd, start.getValue()),
                    end != null,
                    f == null || f.path("error").isNull()
                            ? null
                            : f.path("error").asText(),
                    rows,
                    f == null ? List.of() : texts(f.path("changes"))));
        }
        List<NemesisRow> rows = new ArrayList<>();
        // Nodes first, in name order, so az1..az3 read top to bottom; then links and the archive.
        rowFaults.entrySet().stream()
                .filter(e -> e.getKey().startsWith("node "))
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> rows.add(new NemesisRow(e.getKey(), e.getValue())));
        rowFaults.entrySet().stream()
                .filter(e -> !e.getKey().startsWith("node "))
                .forEach(e -> rows.add(new NemesisRow(e.getKey(), e.getValue())));
        return new FaultTimeline(faults, rows, stops);
    }

    /**
     * Power-offs, pauses and corruptions act on nodes, one row each; partitions and link faults act on paths
     * between members, one row per shape and target. A corruption without nodes hit the archive.
     */
    static List<String> rowsOf(String type, String what, String target, List<String> nodes) {
        List<String> rows = new ArrayList<>();
        boolean nodeFault = type.equals("power-off") || type.equals("pause") || type.equals("corrupt");
        if (nodeFault && !nodes.isEmpty()) {
            nodes.forEach(node -> rows.add("node " + node));
        } else if (type.equals("corrupt")) {
            rows.add("archive");
        } else {
            rows.add(what + " · " + (target.isEmpty() ? "?" : target));
        }
        return rows;
    }

    private static String typeFromLogText(String text) {
        return text == null || text.isBlank() ? "fault" : text.split(" ", 2)[0];
    }

    static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    public List<FaultView> faults() {
        return faults;
    }

    public List<NemesisRow> rows() {
        return rows;
    }

    public List<StopView> stops() {
        return stops;
    }
}
