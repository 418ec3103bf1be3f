package dev.gameday.report.html;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The timed lines of nemesis.log (see {@code dev.gameday.nemesis.NemesisLog}): {@code +  30.001s START  #1 ...},
 * {@code END}, {@code FAILED}, and notes such as {@code ABORT reason: ...}. Plan lines ({@code #}) and the detail
 * lines under a START are skipped: results.json has the same facts in structured form.
 */
public final class NemesisLogEvents {

    /** One timed line; {@code faultId} is null for notes (ABORT, WAIT, STEADY). */
    public record Event(double at, String kind, Integer faultId, String text) {}

    private static final Pattern FAULT_EVENT =
            Pattern.compile("^\\+\\s*(-?\\d+(?:\\.\\d+)?)s (START|END|FAILED)\\s+#(\\d+) (.*)$");
    private static final Pattern NOTE = Pattern.compile("^\\+\\s*(-?\\d+(?:\\.\\d+)?)s (\\S+)\\s+(.*)$");

    private NemesisLogEvents() {}

    public static List<Event> parse(List<String> lines) {
        List<Event> events = new ArrayList<>();
        for (String line : lines) {
            Matcher fault = FAULT_EVENT.matcher(line);
            if (fault.matches()) {
                events.add(new Event(
                        Double.parseDouble(fault.group(1)),
                        fault.group(2),
                        Integer.parseInt(fault.group(3)),
                        fault.group(4)));
                continue;
            }
            Matcher note = NOTE.matcher(line);
            if (note.matches()) {
                events.add(new Event(Double.parseDouble(note.group(1)), note.group(2), null, note.group(3)));
            }
        }
        return events;
    }
}
