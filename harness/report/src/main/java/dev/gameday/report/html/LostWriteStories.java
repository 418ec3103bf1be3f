package dev.gameday.report.html;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gameday.report.html.ReportData.LostWriteView;
import dev.gameday.report.html.ReportData.LostWrites;
import java.util.ArrayList;
import java.util.List;

/**
 * results.json's {@code lostWrites} (the durability checker's {@code LostWrite}s, times in history nanoseconds) as
 * the report tells them: when the write was acknowledged, the last read that saw it, the first that did not.
 */
public final class LostWriteStories {
    /** A run with the ack-before-quorum bug can lose thousands; the first few hundred tell the story. */
    static final int MAX_SHOWN = 300;

    private LostWriteStories() {}

    public static LostWrites of(JsonNode lostWrites) {
        if (lostWrites == null || !lostWrites.isArray()) {
            return null;
        }
        List<LostWriteView> shown = new ArrayList<>();
        for (JsonNode lost : lostWrites) {
            if (shown.size() == MAX_SHOWN) {
                break;
            }
            JsonNode write = lost.path("write");
            JsonNode lastSeen = lost.path("lastSeenBy");
            JsonNode firstMissing = lost.path("firstMissingFrom");
            shown.add(new LostWriteView(
                    write.path("key").asText(null),
                    Text.shorten(write.path("input").asText("")),
                    write.path("process").asLong(),
                    seconds(write.path("invokeTime")),
                    seconds(write.path("completeTime")),
                    seconds(lastSeen.path("completeTime")),
                    describe(lastSeen),
                    seconds(firstMissing.path("invokeTime")),
                    describe(firstMissing),
                    Text.shorten(lost.path("finalValue").asText("")),
                    seconds(lost.path("finalRead").path("invokeTime"))));
        }
        return new LostWrites(lostWrites.size(), shown);
    }

    /** {@code OpSummary} times are history nanoseconds; missing ones stay null. */
    static Double seconds(JsonNode nanos) {
        return nanos.isNumber() ? LatencyBuckets.round(nanos.asLong() / 1e9, 1000) : null;
    }

    private static String describe(JsonNode read) {
        if (read.isMissingNode() || read.isNull()) {
            return null;
        }
        return "process " + read.path("process").asLong() + " :"
                + read.path("f").asText() + " -> :"
                + read.path("outcome").asText()
                + (read.hasNonNull("output")
                        ? " " + Text.shorten(read.get("output").asText())
                        : "") + " (index " + read.path("invokeIndex").asLong() + ")";
    }
}
