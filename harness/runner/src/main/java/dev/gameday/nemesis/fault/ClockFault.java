package dev.gameday.nemesis.fault;

import dev.gameday.experiment.ClockSpec;
import dev.gameday.experiment.ClusterShape;
import dev.gameday.experiment.DurationText;
import dev.gameday.experiment.FaultSpec;
import dev.gameday.experiment.LoadedExperiment.ProblemCollector;
import dev.gameday.nemesis.Clocks;
import dev.gameday.nemesis.NemesisException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code clock}: the target nodes' clocks moved ({@link ClockSpec}): an offset, a drift or a strobe, of the wall
 * clock or of both clocks; back on real time when the fault ends.
 */
public final class ClockFault implements Fault<Clocks> {

    /** Beyond a day an offset tests calendar code, not a node whose clock went wrong. */
    static final Duration MAX_OFFSET = Duration.ofDays(1);
    /** The node's clock library reads its control file at most once a second, so faster flips would be lost. */
    static final Duration MIN_STROBE_PERIOD = Duration.ofSeconds(2);

    static final double MAX_RATE = 10;

    @Override
    public Class<Clocks> capability() {
        return Clocks.class;
    }

    @Override
    public String detailField() {
        return "clock";
    }

    @Override
    public Object detail(FaultSpec spec) {
        return spec.clock();
    }

    @Override
    public void validate(String at, FaultSpec fault, ClusterShape cluster, ProblemCollector problems) {
        ClockSpec clock = fault.clock();
        if (clock == null) {
            return;
        }
        String c = at + "/clock";
        if (clock.kind() == null) {
            problems.add(c + "/kind", "missing: offset, drift or strobe");
            return;
        }
        switch (clock.kind()) {
            case OFFSET -> {
                offset(c, clock, problems);
                notFor(c + "/rate", clock.rate(), clock, problems);
                notFor(c + "/period", clock.period(), clock, problems);
            }
            case DRIFT -> {
                notFor(c + "/by", clock.by(), clock, problems);
                notFor(c + "/period", clock.period(), clock, problems);
                if (clock.rate() == null) {
                    problems.add(
                            c + "/rate", "missing: how fast the clock runs, e.g. 1.5 (50% fast) or 0.5 (half speed)");
                } else if (!(clock.rate() > 0 && clock.rate() <= MAX_RATE) || clock.rate() == 1) {
                    problems.add(
                            c + "/rate",
                            "must be above 0, at most " + (int) MAX_RATE + " and not 1, was " + clock.rate());
                }
            }
            case STROBE -> {
                offset(c, clock, problems);
                notFor(c + "/rate", clock.rate(), clock, problems);
                if (clock.period() == null) {
                    problems.add(c + "/period", "missing: how often the clock flips, e.g. 2s");
                } else if (clock.period().compareTo(MIN_STROBE_PERIOD) < 0) {
                    problems.add(
                            c + "/period",
                            "must be at least " + DurationText.format(MIN_STROBE_PERIOD)
                                    + " (the node rereads its clock control once a second), was "
                                    + DurationText.format(clock.period()));
                } else if (fault.duration() != null && clock.period().compareTo(fault.duration()) >= 0) {
                    problems.add(
                            c + "/period",
                            "must be shorter than the fault's duration " + DurationText.format(fault.duration())
                                    + ", or the clock never flips back");
                }
            }
        }
    }

    private static void offset(String at, ClockSpec clock, ProblemCollector problems) {
        if (clock.by() == null) {
            problems.add(at + "/by", "missing: how far the clock moves, e.g. 30s, -2m");
            return;
        }
        Duration by;
        try {
            by = clock.offset();
        } catch (IllegalArgumentException e) {
            problems.add(at + "/by", e.getMessage());
            return;
        }
        if (by.isZero()) {
            problems.add(at + "/by", "must not be 0: a clock fault that moves nothing");
        } else if (by.abs().compareTo(MAX_OFFSET) > 0) {
            problems.add(at + "/by", "must be at most a day either way, was " + clock.by());
        } else if (by.toMillis() % 1000 != 0) {
            problems.add(at + "/by", "must be whole seconds (the clock library's offsets are), was " + clock.by());
        }
    }

    private static void notFor(String at, Object value, ClockSpec clock, ProblemCollector problems) {
        if (value != null) {
            problems.add(at, "a " + clock.kind().yamlName() + " clock fault does not take this field");
        }
    }

    @Override
    public String what(FaultSpec spec) {
        return spec.type() + (spec.clock() == null ? "" : " " + spec.clock());
    }

    @Override
    public List<String> inject(Clocks clocks, FaultContext context) throws NemesisException {
        ClockSpec spec = context.fault().spec().clock();
        List<String> moved = new ArrayList<>();
        for (String node : context.nodes()) {
            moved.add(node + ": clock " + spec + ", "
                    + clocks.moveClock(context.fault().id(), node, spec));
        }
        return moved;
    }

    @Override
    public void heal(Clocks clocks, FaultContext context) throws NemesisException {
        for (String node : context.nodes()) {
            clocks.restoreClock(context.fault().id(), node);
        }
    }
}
