package dev.gameday.nemesis;

import dev.gameday.experiment.DurationText;
import dev.gameday.schedule.FaultPlan;
import dev.gameday.schedule.PlannedFault;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * nemesis.log: one human-readable line per thing the nemesis did, with its offset from the run start,
 * e.g. {@code +30.001s START #1 power-off az az1 [az1-storage-1]}. Starts with the plan, so a reader
 * can compare what was meant with what happened. Each line is flushed, so it survives a crash.
 */
public final class NemesisLog implements Closeable {
    private final BufferedWriter out;

    public NemesisLog(Path file) {
        try {
            out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create nemesis log " + file, e);
        }
    }

    public void plan(FaultPlan plan, double timeScale) {
        line("# seed " + plan.seed() + ", time scale " + timeScale + ", "
                + plan.faults().size() + " fault(s), run " + DurationText.format(plan.totalDuration()));
        phasesAndFaults(plan);
    }

    /**
     * The header of a game day run by hand: it lasts until the operators end it, so the plan's length would be
     * wrong; the schedule (none with {@code --manual}) plays alongside them.
     */
    public void operatedPlan(FaultPlan plan, double timeScale) {
        line("# seed " + plan.seed() + ", time scale " + timeScale + ", "
                + plan.faults().size() + " scheduled fault(s), run by operators until they end the game day");
        if (!plan.faults().isEmpty()) {
            phasesAndFaults(plan);
        }
    }

    private void phasesAndFaults(FaultPlan plan) {
        for (FaultPlan.PhaseWindow phase : plan.phases()) {
            line("# phase " + phase.name() + " +" + DurationText.format(phase.start()) + " .. +"
                    + DurationText.format(phase.end()));
        }
        for (PlannedFault fault : plan.faults()) {
            line("# plan " + fault);
        }
    }

    public void started(Duration at, PlannedFault fault, List<String> nodes) {
        event(at, "START ", fault, nodes, "");
    }

    public void healed(Duration at, PlannedFault fault, List<String> nodes) {
        event(at, "END   ", fault, nodes, "");
    }

    /** One thing a fault changed, e.g. a corrupted file and offset, under its START line. */
    public void detail(PlannedFault fault, String change) {
        line("             #" + fault.id() + " " + change);
    }

    /** One step of an operator's repair a heal does, at the time it was done: {@code +41.2s REPAIR #1 <step>}. */
    public void repair(Duration at, PlannedFault fault, String step) {
        line(offset(at) + " REPAIR #" + fault.id() + " " + step);
    }

    public void failed(Duration at, PlannedFault fault, List<String> nodes, String what, String error) {
        event(at, "FAILED", fault, nodes, " " + what + ": " + error);
    }

    public void note(Duration at, String text) {
        line(offset(at) + " " + text);
    }

    private void event(Duration at, String kind, PlannedFault fault, List<String> nodes, String suffix) {
        line(offset(at) + " " + kind + " #" + fault.id() + " " + fault.describe() + " " + nodes + suffix);
    }

    private static String offset(Duration at) {
        return String.format(Locale.ROOT, "+%10.3fs", at.toNanos() / 1e9);
    }

    private synchronized void line(String text) {
        try {
            out.write(text);
            out.newLine();
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write nemesis log", e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close nemesis log", e);
        }
    }
}
